import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DummyServer, startDummyServer } from './dummy';

let d: DummyServer;

beforeAll(async () => {
  d = await startDummyServer();
});

afterAll(async () => {
  await d.close();
});

function form(body: string, headers: Record<string, string> = {}) {
  return fetch(`${d.server.endpoint}/000000000000/some-queue`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', ...headers },
    body,
  });
}

describe('awsQuery routing', () => {
  describe('functionality', () => {
    it('routes by Version, decodes nested form parameters and wraps the reply', async () => {
      // Act
      const res = await form(
        'Action=Echo&Version=2020-01-01&Statistics.member.1=Sum&Statistics.member.2=Average' +
          '&Attribute.1.Name=A&Attribute.1.Value=1&Dimensions.member.1.Name=Q&Dimensions.member.1.Value=q%26'
      );
      const xml = await res.text();
      // Assert
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/xml');
      const requestId = res.headers.get('x-amzn-requestid');
      expect(xml).toBe(
        '<?xml version="1.0" encoding="UTF-8"?>\n' +
          '<EchoResponse xmlns="http://dummy.amazonaws.com/doc/2020-01-01/"><EchoResult>' +
          '<Input><Statistics><member>Sum</member><member>Average</member></Statistics>' +
          '<Attribute><member><Name>A</Name><Value>1</Value></member></Attribute>' +
          '<Dimensions><member><Name>Q</Name><Value>q&amp;</Value></member></Dimensions></Input>' +
          `<RequestId>${requestId}</RequestId><Endpoint>${d.server.endpoint}</Endpoint>` +
          `</EchoResult><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></EchoResponse>`
      );
    });

    it('writes flattened lists and escapes text', async () => {
      // Act
      const xml = await (await form('Action=Items&Version=2020-01-01')).text();
      // Assert
      expect(xml).toContain(
        '<ItemsResult><Item>a&lt;b</Item><Item>c&amp;d</Item><Count>2</Count></ItemsResult>'
      );
    });

    it('routes by the SigV4 credential scope when the Version is unknown', async () => {
      // Act
      const res = await form('Action=Items&Version=1999-01-01', {
        authorization:
          'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/dummy/aws4_request, SignedHeaders=host, Signature=x',
      });
      // Assert
      expect(res.status).toBe(200);
    });

    it('accepts GET requests with the parameters in the query string', async () => {
      // Act
      const res = await fetch(`${d.server.endpoint}/?Action=Items&Version=2020-01-01`);
      // Assert
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('<ItemsResponse');
    });
  });

  describe('validations', () => {
    it('writes errors as <ErrorResponse> with the query error code', async () => {
      // Act
      const res = await form('Action=Fail&Version=2020-01-01');
      const xml = await res.text();
      // Assert
      expect(res.status).toBe(400);
      expect(xml).toBe(
        '<?xml version="1.0" encoding="UTF-8"?>\n' +
          '<ErrorResponse xmlns="http://dummy.amazonaws.com/doc/2020-01-01/"><Error><Type>Sender</Type>' +
          '<Code>AWS.Dummy.NonExistentQueue</Code><Message>The specified queue does not exist.</Message></Error>' +
          `<RequestId>${res.headers.get('x-amzn-requestid')}</RequestId></ErrorResponse>`
      );
    });

    it('answers an unknown action with InvalidAction', async () => {
      // Act
      const res = await form('Action=Nope&Version=2020-01-01');
      // Assert
      expect(res.status).toBe(400);
      expect(await res.text()).toContain(
        '<Code>InvalidAction</Code><Message>The action Nope is not valid for this endpoint.</Message>'
      );
    });

    it('answers a Version no service accepts with InvalidAction', async () => {
      // Act
      const res = await form('Action=Echo&Version=1999-01-01');
      // Assert
      expect(res.status).toBe(400);
      expect(await res.text()).toContain('<Code>InvalidAction</Code>');
    });

    it('answers a form without Action with MissingAction', async () => {
      // Act
      const res = await form('Version=2020-01-01');
      // Assert
      expect(res.status).toBe(400);
      expect(await res.text()).toContain('<Code>MissingAction</Code>');
    });

    it('answers a bug in an action with a Receiver InternalFailure', async () => {
      // Act
      const res = await form('Action=Boom&Version=2020-01-01');
      // Assert
      expect(res.status).toBe(500);
      expect(await res.text()).toContain('<Type>Receiver</Type><Code>InternalFailure</Code>');
    });
  });
});
