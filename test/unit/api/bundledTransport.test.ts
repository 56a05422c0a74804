import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { NetworkError, NotFoundError } from '../../../src/api/errors';
import { RotorClient } from '../../../src/api/rotorClient';
import { DEFAULT_TRANSPORT_OPTIONS, type TransportFactory } from '../../../src/api/transport';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { closedPort } from '../helpers/testProxy';

/**
 * dist/transport.js is a separate bundle with its own copies of every class, as it is in the
 * shipped extension. Its failures must still reach callers as the client's own typed errors.
 */
describe('the bundled transport (dist/transport.js)', () => {
  const bundle = path.resolve(__dirname, '../../../../dist/transport.js');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createUndiciTransport } = require(bundle) as { createUndiciTransport: TransportFactory };
  let sandbox: Sandbox;
  before(async () => {
    sandbox = await startSandbox();
  });
  after(() => sandbox.close());

  function client(baseUrl: string): RotorClient {
    const transport = createUndiciTransport({ ...DEFAULT_TRANSPORT_OPTIONS, env: {} });
    return new RotorClient({ transport: () => transport, apiKey: () => sandbox.keys.demo, baseUrl: () => baseUrl, maxRetries: 0 });
  }

  it('reports a refused connection as the client\'s NetworkError', async () => {
    const port = await closedPort();
    await assert.rejects(client(`http://127.0.0.1:${port}/open-api`).getCustomer('182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e'), NetworkError);
  });

  it('reads real answers', async () => {
    const c = client(sandbox.baseUrl);
    assert.equal((await c.getCustomer('182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e')).firstName, 'Jane');
    await assert.rejects(c.getCustomer('00000000-0000-4000-8000-000000000000'), NotFoundError);
  });
});
