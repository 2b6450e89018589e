/** The version `aksdiag --version` prints: package.json's, kept in step by a test. */
export const VERSION = '0.1.0';
