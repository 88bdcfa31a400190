// A text input for an IANA time zone, suggesting every zone the browser knows (one shared
// <datalist> in the document), so "Asia/Shanghai" need not be typed out in full.
import { h, input } from './dom.js';

const LIST_ID = 'record-time-zones';

export function timeZoneInput(attributes: Record<string, string | number | boolean | undefined>): HTMLInputElement {
  if (document.getElementById(LIST_ID) === null) {
    const list = h('datalist', { id: LIST_ID });
    for (const zone of Intl.supportedValuesOf('timeZone')) list.append(h('option', { value: zone }));
    document.body.append(list);
  }
  return input({ spellcheck: 'false', autocomplete: 'off', ...attributes, list: LIST_ID });
}
