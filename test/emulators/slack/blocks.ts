/**
 * Block Kit limits as Slack enforces them (@slack/types 3.2 JSDoc and Slack's docs): a message holds
 * at most 50 blocks (a modal or the Home tab 100); section text 3,000 characters; header 150; an
 * actions block 25 elements; button text 75 and value 2,000; an option's text 75 and a select's
 * placeholder 150; context 10 elements of at most 2,000 characters (taken conservatively); block_id
 * and action_id 255; a modal's title, submit and close 24.
 */
type Where = 'message' | 'modal' | 'home';

const textOf = (t: unknown): string | null =>
  t && typeof t === 'object' && typeof (t as { text?: unknown }).text === 'string'
    ? (t as { text: string }).text
    : null;

export function blockErrors(blocks: unknown, where: Where): string[] {
  if (!Array.isArray(blocks)) return ['blocks is not an array'];
  const errors: string[] = [];
  const max = where === 'message' ? 50 : 100;
  if (blocks.length > max) errors.push(`${blocks.length} blocks, more than ${max}`);
  blocks.forEach((b: unknown, i) => {
    const block = b as {
      type?: string;
      block_id?: string;
      text?: unknown;
      elements?: unknown[];
      fields?: unknown[];
    };
    const at = `block ${i} (${block?.type})`;
    if (!block || typeof block.type !== 'string') return void errors.push(`block ${i} has no type`);
    if (block.block_id !== undefined && (typeof block.block_id !== 'string' || block.block_id.length > 255))
      errors.push(`${at}: block_id too long`);
    switch (block.type) {
      case 'section': {
        const t = textOf(block.text);
        if (block.text !== undefined && (t === null || t.length < 1 || t.length > 3000))
          errors.push(`${at}: text must be 1-3000 characters`);
        if (block.text === undefined && !block.fields) errors.push(`${at}: needs text or fields`);
        if (
          block.fields &&
          (block.fields.length > 10 || block.fields.some((f) => (textOf(f)?.length ?? 0) > 2000))
        )
          errors.push(`${at}: fields`);
        break;
      }
      case 'header': {
        const t = textOf(block.text);
        if (t === null || t.length > 150 || (block.text as { type?: string }).type !== 'plain_text')
          errors.push(`${at}: header needs plain_text up to 150 characters`);
        break;
      }
      case 'context':
        if (!Array.isArray(block.elements) || block.elements.length < 1 || block.elements.length > 10)
          errors.push(`${at}: 1-10 elements`);
        else if (block.elements.some((e) => (textOf(e)?.length ?? 0) > 2000))
          errors.push(`${at}: element text over 2000`);
        break;
      case 'actions':
        if (!Array.isArray(block.elements) || block.elements.length < 1 || block.elements.length > 25)
          errors.push(`${at}: 1-25 elements`);
        else
          block.elements.forEach((e: unknown) => {
            const el = e as { type?: string; text?: unknown; value?: unknown; action_id?: unknown };
            if (el.type === 'button') {
              const t = textOf(el.text);
              if (t === null || t.length < 1 || t.length > 75) errors.push(`${at}: button text must be 1-75`);
              if (typeof el.value === 'string' && el.value.length > 2000) errors.push(`${at}: button value`);
            }
            if (el.type === 'static_select') {
              const s = el as { placeholder?: unknown; options?: unknown[] };
              if ((textOf(s.placeholder)?.length ?? 0) > 150) errors.push(`${at}: placeholder over 150`);
              if (!Array.isArray(s.options) || s.options.length < 1 || s.options.length > 100)
                errors.push(`${at}: 1-100 options`);
              else if (s.options.some((o) => (textOf((o as { text?: unknown }).text)?.length ?? 76) > 75))
                errors.push(`${at}: option text must be 1-75`);
            }
            if (typeof el.action_id === 'string' && el.action_id.length > 255)
              errors.push(`${at}: action_id`);
          });
        break;
      case 'divider':
      case 'input':
      case 'rich_text':
      case 'image':
        break;
      default:
        errors.push(`${at}: unknown block type`);
    }
  });
  return errors;
}

/** A view (modal or Home tab) as views.open / views.publish check it: its type, labels and blocks. */
export function viewErrors(view: unknown, where: 'modal' | 'home'): string[] {
  const v = (view ?? {}) as {
    type?: unknown;
    title?: unknown;
    submit?: unknown;
    close?: unknown;
    blocks?: unknown;
  };
  const errors: string[] = [];
  if (v.type !== where) errors.push(`view type is ${String(v.type)}, not ${where}`);
  if (where === 'modal') {
    const title = textOf(v.title);
    if (!title || title.length > 24) errors.push('modal title must be 1-24 characters');
    for (const k of ['submit', 'close'] as const)
      if (v[k] !== undefined && ((textOf(v[k])?.length ?? 0) < 1 || (textOf(v[k])?.length ?? 0) > 24))
        errors.push(`modal ${k} must be 1-24 characters`);
  }
  return [...errors, ...blockErrors(v.blocks ?? [], where)];
}
