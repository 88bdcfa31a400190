// A client process of the round benchmark: its share of the parties, each answering its round's
// question over and over through the REST API (each answer after the previous one is
// acknowledged: a closed loop per party), over keep-alive HTTP connections (Node's fetch).
import { closedLoops, type FromClient, type ToClient } from './roundsBenchProtocol.js';

const send = (message: FromClient) => process.send?.(message);

/** An answer of about `bytes` characters, different each time (as a party's edits are). */
function answerText(bytes: number, party: number, version: number): string {
  const head = `Party ${party}, version ${version}: the contract was signed in Hangzhou on 3 March 2025. `;
  return head + 'The goods were delivered late and the invoice was paid in part. '.repeat(Math.max(0, Math.ceil((bytes - head.length) / 64))).slice(0, Math.max(0, bytes - head.length));
}

process.on('message', (message: ToClient) => {
  void (async () => {
    try {
      if (message.type === 'close') process.exit(0);
      const versions = new Array<number>(message.parties.length).fill(0);
      const figures = await closedLoops(
        message.parties.length,
        async (index) => {
          const party = message.parties[index]!;
          const response = await fetch(message.url + party.answerPath, {
            method: 'POST',
            headers: { authorization: `Bearer ${party.token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ text: answerText(message.textBytes, index, ++versions[index]!), language: 'en' }),
          });
          const body = await response.text();
          return response.status === 201 ? null : `${response.status} ${body.slice(0, 300)}`;
        },
        message.window,
      );
      send({ type: 'ran', figures });
    } catch (error) {
      send({ type: 'error', message: (error as Error).stack ?? String(error) });
    }
  })();
});

send({ type: 'ready' });
