// The exhibit the court shows the main room: everyone sees the same item at the same page, and
// only the presenter (or the judge) turns the pages. Those the court lets present get a picker of
// the case's evidence. The bytes come from the case record with the viewer's own session, so the
// server checks each viewer's right to see them (the gallery may not, and is told so).
import type { CourtroomView } from '../../../server/domain/hearing/courtroomView.js';
import type { Presentation } from '../../../server/domain/hearing/Courtroom.js';
import type { EvidenceView } from '../../../server/protocol/caseRecordSchemas.js';
import { msg, showText } from '../i18n.js';
import { button, h, t } from '../record/dom.js';
import { readStoredSession } from '../storedSession.js';
import type { CourtroomCommands } from './courtroomCommands.js';

export class ExhibitStage {
  readonly element: HTMLElement;
  readonly #commands: CourtroomCommands;
  readonly #title = h('h2', { class: 'exhibit__title' });
  readonly #page = h('span', { class: 'exhibit__page', 'data-exhibit': 'page' });
  readonly #content = h('div', { class: 'exhibit__content', 'data-exhibit': 'content' });
  readonly #controls = h('div', { class: 'exhibit__controls' });
  readonly #picker = h('div', { class: 'exhibit__picker' });
  /** The page controls, drawn once: the presenter turning pages from the keyboard keeps their place. */
  readonly #previous = button(msg('exhibit.previous'), { 'data-action': 'exhibit-previous' });
  readonly #next = button(msg('exhibit.next'), { 'data-action': 'exhibit-next' });
  readonly #stop = button(msg('exhibit.stop'), { 'data-action': 'exhibit-stop' });
  /** What is shown now, the page the controls turn from. */
  #presentation: Presentation | undefined;
  #shownId: string | undefined;
  #objectUrl: string | undefined;
  #pickerCase: string | undefined;

  constructor(commands: CourtroomCommands) {
    this.#commands = commands;
    const turn = (by: number, trigger: HTMLButtonElement) => {
      if (this.#presentation) void this.#commands.run({ action: 'turnPage', page: this.#presentation.page + by }, trigger);
    };
    this.#previous.addEventListener('click', () => turn(-1, this.#previous));
    this.#next.addEventListener('click', () => turn(1, this.#next));
    this.#stop.addEventListener('click', () => void this.#commands.run({ action: 'stopPresenting' }, this.#stop));
    this.element = h('section', { class: 'exhibit', id: 'exhibit-stage', hidden: true }, h('header', { class: 'exhibit__header' }, this.#title, this.#page), this.#content, this.#controls, this.#picker);
  }

  render(view: CourtroomView | undefined): void {
    const shown = view?.presentation ?? null;
    const mayPresent = view !== undefined && view.you.mayPresent && view.you.seat === 'main';
    this.element.hidden = shown === null && !mayPresent;
    this.#renderPicker(view, mayPresent && shown === null);
    if (shown === null) {
      this.#clearShown();
      return;
    }
    this.element.dataset.evidenceId = shown.evidenceId;
    this.element.dataset.page = String(shown.page);
    this.#title.textContent = shown.title;
    showText(this.#page, msg('exhibit.page', { page: shown.page }));
    if (shown.evidenceId !== this.#shownId) void this.#load(view!.caseId, shown);
    else this.#turnTo(shown);
    this.#renderControls(view!, shown);
  }

  dispose(): void {
    this.#clearShown();
  }

  #renderControls(view: CourtroomView, shown: Presentation): void {
    this.#presentation = shown;
    this.#previous.disabled = shown.page <= 1;
    const drives = shown.presenterId === view.you.participantId || view.you.presiding;
    const controls = drives ? [this.#previous, this.#next, this.#stop] : [];
    if (this.#controls.children.length !== controls.length) this.#controls.replaceChildren(...controls);
  }

  #renderPicker(view: CourtroomView | undefined, wanted: boolean): void {
    if (!wanted || view === undefined) {
      this.#picker.replaceChildren();
      this.#pickerCase = undefined;
      return;
    }
    if (this.#pickerCase === view.caseId) return;
    this.#pickerCase = view.caseId;
    const choice = h('select', { class: 'select', name: 'exhibit', 'data-exhibit': 'choice' });
    const show = button(msg('exhibit.present'), { 'data-action': 'exhibit-present' });
    show.addEventListener('click', () => {
      if (choice.value) void this.#commands.run({ action: 'presentExhibit', evidenceId: choice.value, page: 1 }, show);
    });
    this.#picker.replaceChildren(t('label', msg('exhibit.choose'), { class: 'exhibit__label' }), choice, show);
    void evidenceOf(view.caseId).then((items) => {
      for (const item of items.filter((i) => i.withdrawnAt === undefined)) choice.append(h('option', { value: item.id }, item.title));
    });
  }

  async #load(caseId: string, shown: Presentation): Promise<void> {
    this.#clearShown();
    this.#shownId = shown.evidenceId;
    const response = await fetch(`/api/cases/${caseId}/evidence/${shown.evidenceId}/content`, { headers: { authorization: `Bearer ${readStoredSession()?.accessToken ?? ''}` } }).catch(() => undefined);
    if (this.#shownId !== shown.evidenceId) return;
    if (!response?.ok) {
      this.#content.replaceChildren(t('p', msg('exhibit.cannotOpen'), { class: 'console__muted' }));
      return;
    }
    const blob = await response.blob();
    if (this.#shownId !== shown.evidenceId) return;
    this.#objectUrl = URL.createObjectURL(blob);
    this.#content.replaceChildren(await viewerFor(shown.mediaType, this.#objectUrl, blob, shown.page));
  }

  /** A PDF opens at the page; other kinds of exhibit have one page to show. */
  #turnTo(shown: Presentation): void {
    const pdf = this.#content.querySelector('object');
    if (pdf && this.#objectUrl) pdf.data = `${this.#objectUrl}#page=${shown.page}`;
  }

  #clearShown(): void {
    this.#shownId = undefined;
    if (this.#objectUrl) URL.revokeObjectURL(this.#objectUrl);
    this.#objectUrl = undefined;
    this.#content.replaceChildren();
    this.#controls.replaceChildren();
    this.#presentation = undefined;
    delete this.element.dataset.evidenceId;
    delete this.element.dataset.page;
  }
}

async function viewerFor(mediaType: string, url: string, blob: Blob, page: number): Promise<HTMLElement> {
  if (mediaType.startsWith('image/')) return h('img', { src: url, alt: '', class: 'exhibit__image' });
  if (mediaType.startsWith('video/')) return h('video', { src: url, controls: true, class: 'exhibit__media' });
  if (mediaType.startsWith('audio/')) return h('audio', { src: url, controls: true });
  if (mediaType === 'text/plain') return h('pre', { class: 'exhibit__text' }, await blob.text());
  return h('object', { data: `${url}#page=${page}`, type: mediaType, class: 'exhibit__document' });
}

async function evidenceOf(caseId: string): Promise<EvidenceView[]> {
  const response = await fetch(`/api/cases/${caseId}/evidence`, { headers: { authorization: `Bearer ${readStoredSession()?.accessToken ?? ''}` } }).catch(() => undefined);
  if (!response?.ok) return [];
  return ((await response.json()) as { evidence: EvidenceView[] }).evidence;
}
