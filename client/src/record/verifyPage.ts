// #/cases/<id>/verify: "verify this case". Shows the signed ledger head and a row per entry with
// the outcome of the checks this browser ran itself (caseVerification.ts), and publishes the
// outcome on the test hook, window.crosscourtRecord.verification (its shape: recordHook.ts).
import { msg } from '../i18n.js';
import type { MessageKey } from '../messages/en.js';
import { ApiProblem } from './api.js';
import type { CaseWithYouView } from './apiTypes.js';
import { verifyCase, type CaseVerification, type EntryOutcome } from './caseVerification.js';
import { h, section, StatusLine, t } from './dom.js';
import { isAbort, type RenderPage } from './page.js';
import { problemMessage } from './problems.js';
import type { VerificationState } from './recordHook.js';
import { hrefOf } from './router.js';
import { entryTypeMessage } from './timelineLines.js';
import { browserTimeZone, isTimeZone, showInstant } from './timeFormat.js';

export function renderVerifyPage(caseId: string): RenderPage {
  return async (view, { api, signal, hook }) => {
    const title = h('p', { class: 'record-muted' });
    const summary = new StatusLine({ 'data-testid': 'verify-summary' });
    const head = h('div', { class: 'record-list' }, t('p', msg('verify.checking'), { class: 'record-muted' }));
    const entries = h('div', { class: 'record-list' });
    view.append(
      h(
        'div',
        { class: 'record-page record-verify' },
        t('a', msg('record.backToCase'), { href: hrefOf({ name: 'case', caseId }), class: 'record-back' }),
        t('h1', msg('verify.heading'), { class: 'record-case__title' }),
        title,
        t('p', msg('verify.intro'), { class: 'record-intro' }),
        summary.element,
        section(msg('verify.treeHead'), 'tree-head', head),
        section(msg('verify.entries'), 'ledger-entries', entries),
      ),
    );

    let zone = browserTimeZone();
    try {
      const { case: courtCase, you } = await api.get<CaseWithYouView>(`/cases/${caseId}`, signal);
      title.textContent = courtCase.title;
      if (isTimeZone(you.timeZone)) zone = you.timeZone;
    } catch {
      // The title is a courtesy; the checks below say whether the case can be read at all.
    }

    hook.verification = { state: 'running', signatureValid: null, treeSize: null, rootHash: null, entries: [] };
    const rows = new Map<number, HTMLTableRowElement>();
    const render = (verification: CaseVerification) => {
      if (rows.size === 0) {
        head.replaceChildren(treeHeadList(verification, zone));
        const table = entriesTable(verification.entries, zone, rows);
        entries.replaceChildren(table);
      }
      for (const entry of verification.entries) updateRow(rows.get(entry.seq), entry, zone);
      hook.verification = hookState(verification, 'running');
    };
    try {
      const verification = await verifyCase(api, caseId, signal, render);
      if (signal.aborted) return;
      render(verification);
      hook.verification = hookState(verification, 'done');
      const failed = verification.entries.filter((entry) => entry.status !== 'verified').length;
      const count = verification.entries.length;
      if (!verification.signatureValid) summary.error(msg('verify.notSigned'));
      else if (failed > 0) summary.error(msg('verify.someFailed', { failed, count }));
      else summary.success(msg('verify.allVerified', { count }));
    } catch (error) {
      if (isAbort(error, signal)) return;
      hook.verification = { ...hook.verification, state: 'error', error: error instanceof ApiProblem ? error.code : String(error) };
      summary.error(msg('verify.couldNotRun', { reason: problemMessage(error) }));
      head.replaceChildren();
    }
  };
}

function treeHeadList(verification: CaseVerification, zone: string): HTMLElement {
  const { treeHead, signatureValid, publicKey } = verification;
  const row = (label: MessageKey, value: Node) => [t('dt', { key: label }), h('dd', {}, value)];
  const signature = t('strong', msg(signatureValid ? 'verify.signatureValid' : 'verify.signatureInvalid'), {
    class: signatureValid ? 'verdict verdict--ok' : 'verdict verdict--failed',
    'data-signature': signatureValid ? 'valid' : 'invalid',
  });
  return h(
    'dl',
    { class: 'record-facts' },
    ...row('verify.treeSize', h('span', { 'data-tree-size': treeHead.treeSize }, String(treeHead.treeSize))),
    ...row('verify.rootHash', h('code', { class: 'record-hash' }, treeHead.rootHash)),
    ...row('verify.time', showInstant(h('span'), treeHead.timestamp, zone)),
    ...row('verify.signature', signature),
    ...row('verify.publicKey', h('span', {}, h('code', { class: 'record-hash' }, publicKey), h('br'), t('span', msg('verify.publicKeyHint'), { class: 'record-muted' }))),
  );
}

function entriesTable(entries: EntryOutcome[], zone: string, rows: Map<number, HTMLTableRowElement>): HTMLElement {
  const body = h('tbody');
  for (const entry of entries) {
    const row = h('tr', { 'data-seq': entry.seq }, h('td', {}, String(entry.seq)), h('td', { class: 'entry__type' }), h('td', { class: 'entry__time' }), h('td', { class: 'entry__status' }));
    rows.set(entry.seq, row);
    updateRow(row, entry, zone);
    body.append(row);
  }
  const head = (['verify.columnSeq', 'verify.columnType', 'verify.columnTime', 'verify.columnStatus'] as const).map((key) => t('th', msg(key)));
  return h('table', { class: 'record-table verify-table' }, h('thead', {}, h('tr', {}, ...head)), body);
}

function updateRow(row: HTMLTableRowElement | undefined, entry: EntryOutcome, zone: string): void {
  if (row === undefined || row.dataset.status === entry.status) return;
  row.dataset.status = entry.status;
  const [, type, time, status] = row.cells;
  if (entry.type !== null) type!.replaceChildren(t('span', entryTypeMessage(entry.type)));
  if (entry.at !== null) time!.replaceChildren(showInstant(h('span'), entry.at, zone));
  const verdict =
    entry.status === 'verified'
      ? t('span', msg('verify.verified'), { class: 'verdict verdict--ok' })
      : entry.status === 'failed'
        ? t('span', msg('verify.failed', { reason: { key: `verify.reason.${entry.reason ?? 'MALFORMED_INPUT'}` as MessageKey } }), { class: 'verdict verdict--failed', 'data-reason': entry.reason })
        : t('span', msg('verify.checking'), { class: 'record-muted' });
  status!.replaceChildren(verdict);
}

function hookState(verification: CaseVerification, state: VerificationState['state']): VerificationState {
  return {
    state,
    signatureValid: verification.signatureValid,
    treeSize: verification.treeHead.treeSize,
    rootHash: verification.treeHead.rootHash,
    entries: verification.entries.map(({ seq, type, status, reason }) => ({ seq, type, status, ...(reason ? { reason } : {}) })),
  };
}
