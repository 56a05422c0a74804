import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import { NetworkError } from '../../../src/api/errors';
import { JANE_DOE_ID } from '../../sandbox/demoData';
import { rejection, useSandbox } from '../helpers/sandboxHarness';
import { type TestProxy, closedPort, startTestProxy } from '../helpers/testProxy';

describe('RotorClient through an HTTP proxy (real HTTP, undici)', () => {
  const h = useSandbox();
  let proxy: TestProxy;

  beforeEach(async () => {
    proxy = await startTestProxy();
  });
  afterEach(async () => {
    await proxy.close();
  });

  /** host:port of the sandbox, as a proxy sees it. */
  const sandboxHost = () => new URL(h.sandbox.baseUrl).host;

  function wentThroughProxy(): void {
    assert.ok(proxy.seen.length > 0, 'the proxy saw no request');
    for (const s of proxy.seen) {
      if (s.kind === 'connect') assert.equal(s.target, sandboxHost());
      else assert.equal(new URL(s.target).host, sandboxHost());
    }
  }

  it('the test proxy itself forwards absolute-URI requests', async () => {
    // (undici tunnels with CONNECT even for http:// targets; this checks the other path works too.)
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port: Number(new URL(proxy.url).port),
          path: `${h.sandbox.baseUrl}/auth/test`,
          agent: false,
          headers: { 'x-api-key': h.sandbox.keys.demo, 'rotor-api-version': '1.1.0' },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.end();
    });
    assert.equal(status, 200);
    assert.deepEqual(proxy.seen, [{ kind: 'absolute', target: `${h.sandbox.baseUrl}/auth/test` }]);
  });

  it('uses an explicit proxy (TransportOptions.proxyUrl)', async () => {
    const { client } = h.client({ transportOptions: { proxyUrl: proxy.url } });
    assert.equal((await client.getCustomer(JANE_DOE_ID)).firstName, 'Jane');
    wentThroughProxy();
    assert.equal(h.sandbox.stats().total, 1);
  });

  it('uses HTTP_PROXY from the injected environment', async () => {
    const { client } = h.client({ transportOptions: { env: { HTTP_PROXY: proxy.url } } });
    assert.equal((await client.testAuth()).authenticated, true);
    wentThroughProxy();
  });

  it('uses lower-case http_proxy too', async () => {
    const { client } = h.client({ transportOptions: { env: { http_proxy: proxy.url } } });
    await client.testAuth();
    wentThroughProxy();
  });

  it('bypasses the proxy for hosts in NO_PROXY', async () => {
    const { client } = h.client({ transportOptions: { env: { HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1' } } });
    await client.getCustomer(JANE_DOE_ID);
    assert.deepEqual(proxy.seen, []);
  });

  it('an injected environment without proxy variables means no proxy', async () => {
    const { client } = h.client({ transportOptions: { env: { NO_PROXY: 'example.com' } } });
    await client.getCustomer(JANE_DOE_ID);
    assert.deepEqual(proxy.seen, []);
  });

  it('a proxy that is down: NetworkError', async () => {
    const port = await closedPort();
    const { client } = h.client({ transportOptions: { proxyUrl: `http://127.0.0.1:${port}` } });
    const e = await rejection(client.getCustomer(JANE_DOE_ID));
    assert.ok(e instanceof NetworkError, String(e));
    assert.equal(h.sandbox.stats().total, 0);
  });
});
