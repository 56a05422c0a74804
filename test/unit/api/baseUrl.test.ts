import * as assert from 'node:assert/strict';
import { DEFAULT_BASE_URL, parseBaseUrl } from '../../../src/api/baseUrl';
import { InvalidBaseUrlError } from '../../../src/api/errors';
import { RotorClient } from '../../../src/api/rotorClient';
import { type Transport, type TransportRequest } from '../../../src/api/transport';
import { JANE_DOE_ID } from '../../sandbox/demoData';
import { rejection, useSandbox } from '../helpers/sandboxHarness';

describe('base URL policy', () => {
  describe('parseBaseUrl', () => {
    const accepted: [string, string][] = [
      [DEFAULT_BASE_URL, 'https://api.getrotor.com/open-api/'],
      ['https://rotor.example.com/open-api/', 'https://rotor.example.com/open-api/'],
      ['  https://rotor.example.com  ', 'https://rotor.example.com/'],
      ['http://127.0.0.1:4010/open-api', 'http://127.0.0.1:4010/open-api/'],
      ['http://127.1.2.3:4010/open-api', 'http://127.1.2.3:4010/open-api/'],
      ['http://localhost:4010/open-api', 'http://localhost:4010/open-api/'],
      ['http://[::1]:4010/open-api', 'http://[::1]:4010/open-api/'],
      ['HTTP://LOCALHOST:4010/open-api', 'http://localhost:4010/open-api/'],
    ];
    for (const [input, href] of accepted) {
      it(`accepts ${input.trim()}`, () => assert.equal(parseBaseUrl(input).href, href));
    }

    const refused: [string, RegExp][] = [
      ['http://api.getrotor.com/open-api', /plain http is only allowed for localhost/],
      ['http://192.168.1.10:4010/open-api', /plain http/],
      ['http://127.0.0.1.nip.io/open-api', /plain http/],
      ['http://localhost.evil.example/open-api', /plain http/],
      ['http://[::ffff:8.8.8.8]/open-api', /plain http/],
      ['ftp://127.0.0.1/open-api', /https/],
      ['file:///etc/passwd', /https/],
      ['https://user:pass@api.getrotor.com/open-api', /credentials/],
      ['https://api.getrotor.com/open-api?x=1', /query or fragment/],
      ['https://api.getrotor.com/open-api#x', /query or fragment/],
      ['api.getrotor.com/open-api', /not a URL/],
      ['', /not a URL/],
    ];
    for (const [input, message] of refused) {
      it(`refuses ${JSON.stringify(input)}`, () => {
        assert.throws(
          () => parseBaseUrl(input),
          (e: unknown) => e instanceof InvalidBaseUrlError && message.test(e.message),
        );
      });
    }
  });

  describe('in the client', () => {
    const h = useSandbox();

    it('refuses a plain-http remote base URL before anything is sent', async () => {
      const sent: TransportRequest[] = [];
      const transport: Transport = {
        request: (req) => {
          sent.push(req);
          return Promise.reject(new Error('must not be called'));
        },
        close: () => Promise.resolve(),
      };
      const client = new RotorClient({
        transport: () => transport,
        apiKey: () => 'rotor_demo_key_0000',
        baseUrl: () => 'http://api.getrotor.com/open-api',
      });
      assert.ok((await rejection(client.getCustomer(JANE_DOE_ID))) instanceof InvalidBaseUrlError);
      assert.ok((await rejection(client.searchCustomers({ search: 'x' }))) instanceof InvalidBaseUrlError);
      assert.ok((await rejection(client.testAuth())) instanceof InvalidBaseUrlError);
      assert.equal(sent.length, 0);
    });

    it('sends to an https base URL under its path', async () => {
      const sent: TransportRequest[] = [];
      const transport: Transport = {
        request: (req) => {
          sent.push(req);
          return Promise.resolve({ status: 200, headers: {}, body: '{"status":"success","data":{}}' });
        },
        close: () => Promise.resolve(),
      };
      const client = new RotorClient({
        transport: () => transport,
        apiKey: () => 'k',
        baseUrl: () => 'https://rotor.example.com/v2/open-api',
      });
      await client.getCustomer(JANE_DOE_ID);
      assert.equal(sent[0]?.origin, 'https://rotor.example.com');
      assert.equal(sent[0]?.path, `/v2/open-api/customers/${JANE_DOE_ID}`);
    });

    it('works against http://127.0.0.1 (the sandbox), with or without a trailing slash', async () => {
      assert.equal((await h.client().client.getCustomer(JANE_DOE_ID)).firstName, 'Jane');
      assert.equal(
        (await h.client({ baseUrl: h.sandbox.baseUrl + '/' }).client.getCustomer(JANE_DOE_ID)).firstName,
        'Jane',
      );
      assert.equal(
        (await h.client({ baseUrl: h.sandbox.baseUrl.replace('127.0.0.1', 'localhost') }).client.testAuth())
          .authenticated,
        true,
      );
    });
  });
});
