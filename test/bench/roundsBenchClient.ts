// A client process of the round benchmark: its share of the parties, each answering its round's
// question over and over through the REST API (each answer after the previous one is
// acknowledged: a closed loop per party), over keep-alive HTTP connections (node:http: Node's
// fetch took more CPU per request than the court, so the clients, not the court, set the pace).
import { Agent, request } from 'node:http';
import { answerText, closedLoops, type FromClient, type ToClient } from './roundsBenchProtocol.js';

const send = (message: FromClient) => process.send?.(message);

const agent = new Agent({ keepAlive: true, maxSockets: Infinity });

function post(url: string, token: string, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const sent = request(url, { method: 'POST', agent, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
      response.on('error', reject);
    });
    sent.on('error', reject);
    sent.end(body);
  });
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
          const body = JSON.stringify({ text: answerText(message.textBytes, index, ++versions[index]!), language: 'en' });
          const { status, text } = await post(message.url + party.answerPath, party.token, body);
          return status === 201 ? null : `${status} ${text.slice(0, 300)}`;
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
