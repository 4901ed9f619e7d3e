/** The codec's own rules: list forms, scalar validation, escaping, error envelopes. */
import { describe, expect, it } from 'vitest';
import { decodeInput } from '../../src/api/decode.js';
import { encodeError, encodeResponse, escapeXml } from '../../src/api/encode.js';
import { ApiError } from '../../src/api/errors.js';
import { describeError } from '../../src/api/query.js';
import { operations } from '../../src/api/schema.js';
import { scopeFromCredential } from '../../src/api/scope.js';
import { createLogger } from '../../src/log.js';
import { deserializeWithSdk } from './sdkHarness.js';

const op = (name: string) => operations.get(name)!;
const form = (body: string) => [...new URLSearchParams(body)];
const decode = (action: string, body: string) => decodeInput(op(action).input, form(body));
const quiet = createLogger('silent');

function apiError(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error('expected an ApiError');
}

describe('decode', () => {
  it('reads lists in the member form and the xmlName form', () => {
    expect(decode('DescribeCacheClusters', 'CacheClusterId=a&MaxRecords=20&ShowCacheNodeInfo=true')).toEqual({
      CacheClusterId: 'a',
      MaxRecords: 20,
      ShowCacheNodeInfo: true,
    });
    const viaXmlName = decode(
      'CreateCacheSubnetGroup',
      'CacheSubnetGroupName=g&CacheSubnetGroupDescription=d&SubnetIds.SubnetIdentifier.2=s2&SubnetIds.SubnetIdentifier.1=s1',
    );
    const viaMember = decode(
      'CreateCacheSubnetGroup',
      'CacheSubnetGroupName=g&CacheSubnetGroupDescription=d&SubnetIds.member.1=s1&SubnetIds.member.2=s2',
    );
    expect(viaXmlName).toEqual({ CacheSubnetGroupName: 'g', CacheSubnetGroupDescription: 'd', SubnetIds: ['s1', 's2'] });
    expect(viaMember).toEqual(viaXmlName);
  });

  it('reads lists of structures (Tags.Tag.N.Key) and ParameterNameValues', () => {
    expect(decode('AddTagsToResource', 'ResourceName=arn&Tags.Tag.1.Key=k1&Tags.Tag.1.Value=v1&Tags.member.2.Key=k2')).toEqual({
      ResourceName: 'arn',
      Tags: [{ Key: 'k1', Value: 'v1' }, { Key: 'k2' }],
    });
    expect(
      decode(
        'ModifyCacheParameterGroup',
        'CacheParameterGroupName=p&ParameterNameValues.ParameterNameValue.1.ParameterName=maxmemory-policy&ParameterNameValues.ParameterNameValue.1.ParameterValue=allkeys-lru',
      ),
    ).toEqual({
      CacheParameterGroupName: 'p',
      ParameterNameValues: [{ ParameterName: 'maxmemory-policy', ParameterValue: 'allkeys-lru' }],
    });
  });

  it('reads `Name=` as the empty list (what the SDK sends for [])', () => {
    expect(decode('AddTagsToResource', 'ResourceName=arn&Tags=')).toEqual({ ResourceName: 'arn', Tags: [] });
  });

  it('reads timestamps as ISO 8601 or epoch seconds', () => {
    const iso = decode('DescribeEvents', 'StartTime=2026-11-27T00:00:00Z&EndTime=1795737600');
    expect(iso).toEqual({ StartTime: new Date('2026-11-27T00:00:00Z'), EndTime: new Date(1795737600 * 1000) });
    expect(decode('DescribeEvents', 'StartTime=2026-11-27T00:00:00')).toEqual({ StartTime: new Date('2026-11-27T00:00:00Z') });
  });

  it('rejects values of the wrong type with InvalidParameterValue', () => {
    const cases: [string, string][] = [
      ['CreateCacheCluster', 'CacheClusterId=a&AutoMinorVersionUpgrade=maybe'],
      ['CreateCacheCluster', 'CacheClusterId=a&NumCacheNodes=two'],
      ['CreateCacheCluster', 'CacheClusterId=a&NumCacheNodes=1.5'],
      ['CreateCacheCluster', 'CacheClusterId=a&Port=99999999999'],
      ['DescribeEvents', 'StartTime=yesterday'],
      ['CreateCacheCluster', 'CacheClusterId=a&Tags.Tag.x.Key=k'],
    ];
    for (const [action, body] of cases) {
      const err = apiError(() => decode(action, body));
      expect(err.code, body).toBe('InvalidParameterValueException');
    }
    expect(apiError(() => decode('CreateCacheCluster', 'CacheClusterId=a&AutoMinorVersionUpgrade=maybe')).message).toContain(
      'AutoMinorVersionUpgrade',
    );
  });

  it('requires the members the schema marks required', () => {
    const err = apiError(() => decode('CreateCacheCluster', 'NumCacheNodes=1'));
    expect(err.code).toBe('MissingParameter');
    expect(err.message).toBe('The request must contain the parameter CacheClusterId');
    expect(apiError(() => decode('AddTagsToResource', 'ResourceName=arn')).message).toContain('Tags');
  });

  it('ignores parameters it does not know (as AWS does)', () => {
    expect(decode('DescribeCacheClusters', 'Foo=bar&CacheClusterId=a')).toEqual({ CacheClusterId: 'a' });
  });
});

describe('encode', () => {
  it('escapes XML and the SDK reads the text back', async () => {
    const tricky = `a<b & c>"d' ]]> é 💥`;
    const xml = encodeResponse('DescribeCacheClusters', op('DescribeCacheClusters').output, { Marker: tricky, CacheClusters: [] }, 'r');
    expect(xml).toContain(escapeXml(tricky));
    expect(await deserializeWithSdk('DescribeCacheClusters', {}, { status: 200, body: xml })).toEqual({
      Marker: tricky,
      CacheClusters: [],
    });
  });

  it('writes the envelope with the namespace, result and request id', () => {
    const xml = encodeResponse('DescribeCacheClusters', op('DescribeCacheClusters').output, { CacheClusters: [{ CacheClusterId: 'c' }] }, 'rid');
    expect(xml).toBe(
      '<DescribeCacheClustersResponse xmlns="http://elasticache.amazonaws.com/doc/2015-02-02/">' +
        '<DescribeCacheClustersResult><CacheClusters><CacheCluster><CacheClusterId>c</CacheClusterId></CacheCluster></CacheClusters></DescribeCacheClustersResult>' +
        '<ResponseMetadata><RequestId>rid</RequestId></ResponseMetadata></DescribeCacheClustersResponse>',
    );
  });

  it('writes only ResponseMetadata for operations without output members', () => {
    const xml = encodeResponse('DeleteCacheSubnetGroup', op('DeleteCacheSubnetGroup').output, {}, 'rid');
    expect(xml).toBe(
      '<DeleteCacheSubnetGroupResponse xmlns="http://elasticache.amazonaws.com/doc/2015-02-02/"><ResponseMetadata><RequestId>rid</RequestId></ResponseMetadata></DeleteCacheSubnetGroupResponse>',
    );
  });

  it('writes timestamps as ISO 8601 with milliseconds', () => {
    const xml = encodeResponse('DescribeEvents', op('DescribeEvents').output, { Events: [{ Date: new Date('2026-11-27T00:00:00Z') }] }, 'r');
    expect(xml).toContain('<Date>2026-11-27T00:00:00.000Z</Date>');
  });
});

describe('errors', () => {
  it('takes the query code and status of an error shape from the schema', async () => {
    const { status, error } = describeError(new ApiError('CacheClusterNotFoundFault', 'CacheCluster x not found.'), quiet);
    expect(status).toBe(404);
    expect(error).toEqual({ type: 'Sender', code: 'CacheClusterNotFound', message: 'CacheCluster x not found.' });
    const body = encodeError(error, 'rid');
    expect(body).toBe(
      '<ErrorResponse xmlns="http://elasticache.amazonaws.com/doc/2015-02-02/"><Error><Type>Sender</Type><Code>CacheClusterNotFound</Code>' +
        '<Message>CacheCluster x not found.</Message></Error><RequestId>rid</RequestId></ErrorResponse>',
    );
    const thrown = await deserializeWithSdk('DescribeCacheClusters', {}, { status, body }).catch((e: unknown) => e);
    expect(thrown).toMatchObject({ name: 'CacheClusterNotFoundFault', message: 'CacheCluster x not found.', $metadata: { httpStatusCode: 404 } });
  });

  it('maps every error shape to a code and status the SDK turns back into its class', async () => {
    const { errorShapes } = await import('../../src/api/schema.js');
    for (const [name, shape] of errorShapes) {
      if (name === 'ElastiCacheServiceException') continue;
      const { status, error } = describeError(new ApiError(name, `m-${name}`), quiet);
      expect(status).toBe(shape.error!.status);
      const thrown = await deserializeWithSdk('DescribeCacheClusters', {}, { status, body: encodeError(error, 'r') }).catch((e: unknown) => e);
      expect(thrown, name).toMatchObject({ name, message: `m-${name}`, $metadata: { httpStatusCode: status } });
    }
  });

  it('accepts generic codes with an explicit status, and hides unexpected exceptions as InternalFailure', () => {
    expect(describeError(new ApiError('InvalidParameterValue', 'bad', 400), quiet)).toEqual({
      status: 400,
      error: { type: 'Sender', code: 'InvalidParameterValue', message: 'bad' },
    });
    const internal = describeError(new TypeError('x is undefined'), quiet);
    expect(internal.status).toBe(500);
    expect(internal.error.code).toBe('InternalFailure');
    expect(internal.error.type).toBe('Receiver');
    expect(internal.error.message).not.toContain('x is undefined');
  });
});

describe('scope from SigV4', () => {
  it('takes a 12-digit access key as the account and the region from the credential scope', () => {
    const auth = 'AWS4-HMAC-SHA256 Credential=123456789012/20261127/eu-west-1/elasticache/aws4_request, SignedHeaders=host, Signature=abc';
    expect(scopeFromCredential(auth)).toEqual({ account: '123456789012', region: 'eu-west-1' });
    const other = 'AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/20261127/ap-south-1/elasticache/aws4_request, SignedHeaders=host, Signature=abc';
    expect(scopeFromCredential(other)).toEqual({ account: '000000000000', region: 'ap-south-1' });
    expect(scopeFromCredential(undefined)).toEqual({ account: '000000000000', region: 'us-east-1' });
    expect(scopeFromCredential(undefined, '123456789012/20261127/us-west-2/elasticache/aws4_request')).toEqual({
      account: '123456789012',
      region: 'us-west-2',
    });
  });
});
