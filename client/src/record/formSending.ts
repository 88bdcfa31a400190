// How a record form sends: on submit its fields are read and checked as the server would check
// them (a problem is shown at once and nothing is sent); then the body goes to the court with the
// button busy until it answers (whileBusy: a second submit meanwhile sends nothing, and the
// keyboard keeps its place), and a refusal is shown in the form's status line.
import { isBusy, whileBusy } from '../busyControl.js';
import type { Message } from '../i18n.js';
import type { StatusLine } from './dom.js';
import { problemMessage } from './problems.js';

/** What a form's fields could not become, in words for the person filling it in. */
export interface FormProblem {
  problem: Message;
}

export function isFormProblem(value: object): value is FormProblem {
  return 'problem' in value;
}

export function sendOnSubmit<Body extends object>(
  form: HTMLFormElement,
  controls: { submit: HTMLButtonElement; status: StatusLine },
  read: () => Body | FormProblem,
  send: (body: Body) => Promise<void>,
): void {
  const { submit, status } = controls;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    // Enter in a field submits the form whatever its button shows.
    if (isBusy(submit)) return;
    status.clear();
    const body = read();
    if (isFormProblem(body)) {
      status.error(body.problem);
      return;
    }
    await whileBusy(submit, async () => {
      try {
        await send(body);
      } catch (error) {
        status.error(problemMessage(error));
      }
    });
  });
}
