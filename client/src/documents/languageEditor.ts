// The editor of one language of a document: ProseMirror bound with y-prosemirror to the
// language's fragment (`body:<tag>`), with the others' cursors (name, role and colour as the
// court presents them), undo and redo of one's own edits (y-prosemirror's, which leaves others'
// edits alone), the usual keys, and a toolbar — or, for someone who only reads, no toolbar and
// nothing editable: the server drops a reader's edits anyway, and this editor does not make any.
import { baseKeymap, setBlockType, toggleMark } from 'prosemirror-commands';
import { keymap } from 'prosemirror-keymap';
import type { MarkType, NodeType } from 'prosemirror-model';
import { EditorState, Plugin, type Command } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import { redoCommand as yRedo, undoCommand as yUndo, yCursorPlugin, ySyncPlugin, yUndoPlugin } from 'y-prosemirror';
import type * as Y from 'yjs';
import { bodyFragmentName } from '../../../server/domain/documents/documentContent.js';
import { msg, showAttribute, showText, type Message } from '../i18n.js';
import { en, type MessageKey } from '../messages/en.js';
import { blockLookPlugin } from './blockDecorations.js';
import { documentSchema, type HeadingLevel } from './documentSchema.js';
import { isLocalEdit, paragraphIdPlugin } from './paragraphIds.js';
import type { SharedDocument } from './sharedDocument.js';

export type DocumentAccess = 'write' | 'read';

export interface LanguageEditorOptions {
  readonly shared: SharedDocument;
  readonly language: string;
  readonly access: DocumentAccess;
  /** Heading of the column: the language's name. */
  readonly label: HTMLElement;
  /** Called after every change of the editor's state (text, selection, decorations). */
  readonly onUpdate?: (editor: LanguageEditor) => void;
}

interface ToolbarButton {
  readonly label: Message;
  readonly title: Message;
  readonly command: string;
  readonly run: Command;
  readonly active?: (state: EditorState) => boolean;
}

const { paragraph, heading } = documentSchema.nodes as { paragraph: NodeType; heading: NodeType };
const { strong, em } = documentSchema.marks as { strong: MarkType; em: MarkType };

// y-prosemirror's commands: without `dispatch` they only say whether there is anything to undo
// (the toolbar asks that after every change), with it they undo this editor's own edits.
const undoCommand: Command = (state, dispatch) => yUndo(state, dispatch) === true;
const redoCommand: Command = (state, dispatch) => yRedo(state, dispatch) === true;

export class LanguageEditor {
  readonly language: string;
  readonly fragment: Y.XmlFragment;
  readonly element: HTMLElement;
  readonly view: EditorView;
  readonly #toolbar: HTMLElement;
  readonly #buttons: Array<{ element: HTMLButtonElement; button: ToolbarButton }> = [];
  #access: DocumentAccess;

  constructor(options: LanguageEditorOptions) {
    this.language = options.language;
    this.#access = options.access;
    this.fragment = options.shared.doc.getXmlFragment(bodyFragmentName(options.language));
    this.#toolbar = document.createElement('div');
    this.#toolbar.className = 'document-toolbar';
    this.#toolbar.setAttribute('role', 'toolbar');
    const mount = document.createElement('div');
    mount.className = 'document-editor__text';
    this.element = document.createElement('div');
    this.element.className = 'document-editor';
    this.element.dataset.language = options.language;
    this.element.append(options.label, this.#toolbar, mount);

    const onUpdate = options.onUpdate;
    const editor = this;
    const state = EditorState.create({
      schema: documentSchema,
      plugins: [
        ySyncPlugin(this.fragment),
        yCursorPlugin(options.shared.awareness, { cursorBuilder: cursorOf }),
        yUndoPlugin(),
        keymap({
          'Mod-z': undoCommand,
          'Mod-y': redoCommand,
          'Mod-Shift-z': redoCommand,
          'Mod-b': toggleMark(strong),
          'Mod-i': toggleMark(em),
          'Mod-Alt-0': setBlockType(paragraph),
          'Mod-Alt-1': setBlockType(heading, { level: 1 }),
          'Mod-Alt-2': setBlockType(heading, { level: 2 }),
          'Mod-Alt-3': setBlockType(heading, { level: 3 }),
        }),
        keymap(baseKeymap),
        paragraphIdPlugin(),
        blockLookPlugin(),
        new Plugin({
          // Defence in depth for readers: no local edit reaches the shared text, whatever a
          // browser extension or a stray event does to the page.
          filterTransaction: (tr) => editor.#access === 'write' || !isLocalEdit(tr),
          view: () => ({ update: () => onUpdate?.(editor) }),
        }),
      ],
    });
    this.view = new EditorView(mount, {
      state,
      editable: () => this.#access === 'write',
      attributes: { class: 'document-text', lang: options.language, spellcheck: 'true', 'data-language': options.language },
      // `this` is the view: y-prosemirror dispatches while the view is being built, before
      // `this.view` is set here.
      dispatchTransaction(this: EditorView, tr) {
        this.updateState(this.state.apply(tr));
        editor.#refreshToolbar();
      },
    });
    this.#buildToolbar();
    this.setAccess(options.access);
  }

  get access(): DocumentAccess {
    return this.#access;
  }

  /** Writes or only reads from now on (a document locked meanwhile, say). */
  setAccess(access: DocumentAccess): void {
    this.#access = access;
    this.element.dataset.access = access;
    this.#toolbar.hidden = access !== 'write';
    // Re-reads the `editable` prop.
    this.view.setProps({});
  }

  /** The blocks' own DOM nodes, in order (for lining them up with the other language). */
  blockElements(): HTMLElement[] {
    const blocks: HTMLElement[] = [];
    this.view.state.doc.forEach((_node, pos) => {
      const dom = this.view.nodeDOM(pos);
      if (dom instanceof HTMLElement) blocks.push(dom);
    });
    return blocks;
  }

  destroy(): void {
    this.view.destroy();
  }

  #buildToolbar(): void {
    const blockButton = (level: HeadingLevel | 0): ToolbarButton => {
      const type = level === 0 ? paragraph : heading;
      const attrs = level === 0 ? {} : { level };
      return {
        label: { key: (level === 0 ? 'document.tool.paragraph' : `document.tool.heading${level}`) as MessageKey },
        title: { key: (level === 0 ? 'document.tool.paragraphTitle' : `document.tool.heading${level}Title`) as MessageKey },
        command: level === 0 ? 'paragraph' : `heading${level}`,
        run: setBlockType(type, attrs),
        active: (state) => {
          const parent = state.selection.$from.parent;
          return parent.type === type && (level === 0 || parent.attrs.level === level);
        },
      };
    };
    const markButton = (type: MarkType, name: 'strong' | 'em'): ToolbarButton => ({
      label: msg(name === 'strong' ? 'document.tool.strong' : 'document.tool.em'),
      title: msg(name === 'strong' ? 'document.tool.strongTitle' : 'document.tool.emTitle'),
      command: name,
      run: toggleMark(type),
      active: (state) => {
        const { from, $from, to, empty } = state.selection;
        return empty ? type.isInSet(state.storedMarks ?? $from.marks()) !== undefined : state.doc.rangeHasMark(from, to, type);
      },
    });
    const groups: ToolbarButton[][] = [
      [blockButton(0), blockButton(1), blockButton(2), blockButton(3)],
      [markButton(strong, 'strong'), markButton(em, 'em')],
      [
        { label: msg('document.tool.undo'), title: msg('document.tool.undoTitle'), command: 'undo', run: undoCommand },
        { label: msg('document.tool.redo'), title: msg('document.tool.redoTitle'), command: 'redo', run: redoCommand },
      ],
    ];
    for (const group of groups) {
      const box = document.createElement('div');
      box.className = 'document-toolbar__group';
      for (const button of group) {
        const element = document.createElement('button');
        element.type = 'button';
        element.className = `document-toolbar__button document-toolbar__button--${button.command}`;
        element.dataset.command = button.command;
        showText(element, button.label);
        showAttribute(element, 'title', button.title);
        // Keep the focus (and so the selection) in the text.
        element.addEventListener('mousedown', (event) => event.preventDefault());
        element.addEventListener('click', () => {
          button.run(this.view.state, this.view.dispatch, this.view);
          this.view.focus();
        });
        box.append(element);
        this.#buttons.push({ element, button });
      }
      this.#toolbar.append(box);
    }
    this.#refreshToolbar();
  }

  #refreshToolbar(): void {
    // Also called while the view is being built, before the toolbar is.
    if (this.#access !== 'write' || this.#buttons.length === 0) return;
    const state = this.view.state;
    for (const { element, button } of this.#buttons) {
      element.disabled = !button.run(state);
      if (button.active) element.setAttribute('aria-pressed', String(button.active(state)));
    }
  }
}

/** A remote cursor: a caret in the person's colour with their name and role above it. */
function cursorOf(user: { name?: unknown; role?: unknown; colour?: unknown; color?: unknown }): HTMLElement {
  const colour = safeColour(user.colour ?? user.color);
  const name = typeof user.name === 'string' ? user.name : '';
  const role = typeof user.role === 'string' ? user.role : '';
  const caret = document.createElement('span');
  caret.className = 'ProseMirror-yjs-cursor';
  caret.style.borderColor = colour;
  caret.dataset.cursorName = name;
  caret.dataset.cursorRole = role;
  const label = document.createElement('span');
  label.className = 'ProseMirror-yjs-cursor__label';
  label.style.backgroundColor = colour;
  const who = document.createElement('span');
  who.textContent = name;
  label.append(who);
  if (`role.${role}` in en) {
    const roleName = document.createElement('span');
    roleName.className = 'ProseMirror-yjs-cursor__role';
    showText(roleName, { key: `role.${role}` as MessageKey });
    label.append(' · ', roleName);
  }
  // Word joiners, as y-prosemirror's own cursor has them: the caret does not break a line.
  caret.append('\u2060', label, '\u2060');
  return caret;
}

/** The court sends `#rrggbb`; anything else is not put into a style. */
function safeColour(value: unknown): string {
  return typeof value === 'string' && /^#[0-9a-fA-F]{6}$/.test(value) ? value : '#7f7f7f';
}
