import 'reflect-metadata';
import { CallToolRequestSchema } from '@modelcontextprotocol/core';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Min, ValidateNested } from 'class-validator';
import { McpError } from './mcp-error';
import { dto, sdkSchema } from './params-parsers';
import { describeValidationErrors, describeZodIssues } from './validation-message';

class Inner {
  @IsString()
  b!: string;
}

class Item {
  @IsInt()
  @Min(1)
  qty!: number;
}

class Outer {
  @IsOptional()
  @IsString()
  label?: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => Inner)
  a?: Inner;

  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => Item)
  items?: Item[];
}

function invalidParams(run: () => unknown): McpError {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(McpError);
    expect((err as McpError).code).toBe(-32602);
    return err as McpError;
  }
  throw new Error('expected an McpError(-32602)');
}

describe('sdkSchema', () => {
  const parse = sdkSchema(CallToolRequestSchema);

  it('returns the params the SDK schema accepts', () => {
    expect(parse({ method: 'tools/call', params: { name: 'echo', arguments: { text: 'hi' } } })).toMatchObject({
      name: 'echo',
      arguments: { text: 'hi' },
    });
  });

  it('reports a missing params.name by path', () => {
    const error = invalidParams(() => parse({ method: 'tools/call', params: { arguments: {} } }));
    expect(error.message).toMatch(/^Invalid params: params\.name: /);
    expect(error.data).toEqual({ issues: [expect.stringMatching(/^params\.name: /)] });
  });

  it('reports a wrongly typed params.arguments by path', () => {
    const error = invalidParams(() => parse({ method: 'tools/call', params: { name: 'x', arguments: 'nope' } }));
    expect(error.message).toContain('params.arguments');
  });
});

describe('dto', () => {
  const parse = dto(Outer);

  it('returns an instance of the class with the validated values', () => {
    const result = parse({ method: 'm', params: { label: 'x', a: { b: 'y' }, items: [{ qty: 2 }] } });
    expect(result).toBeInstanceOf(Outer);
    expect(result.a).toBeInstanceOf(Inner);
    expect(result).toEqual({ label: 'x', a: { b: 'y' }, items: [{ qty: 2 }] });
  });

  it('treats missing params as an empty object', () => {
    expect(parse({ method: 'm' })).toEqual({});
  });

  it.each([
    ['a string', 'text'],
    ['an array', [1, 2]],
    ['a number', 5],
  ])('rejects %s as params', (_label, params) => {
    const error = invalidParams(() => parse({ method: 'm', params }));
    expect(error.message).toBe('Invalid params: params: must be an object');
  });

  it('rejects unknown properties, naming them', () => {
    const error = invalidParams(() => parse({ method: 'm', params: { label: 'x', isAdmin: true } }));
    expect(error.message).toContain('params.isAdmin');
    expect(error.message).toMatch(/should not exist/);
  });

  it('rejects unknown properties of nested objects too', () => {
    const error = invalidParams(() => parse({ method: 'm', params: { a: { b: 'y', extra: 1 } } }));
    expect(error.message).toContain('params.a.extra');
  });

  it('strips _meta instead of refusing it', () => {
    const result = parse({ method: 'm', params: { label: 'x', _meta: { correlationId: 'c', progressToken: 1 } } });
    expect(result).toEqual({ label: 'x' });
    expect(result).not.toHaveProperty('_meta');
  });

  it('names nested paths like params.a.b and params.items[1].qty', () => {
    const error = invalidParams(() => parse({ method: 'm', params: { a: { b: 3 }, items: [{ qty: 1 }, { qty: 0 }] } }));
    const issues = (error.data as { issues: string[] }).issues;
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^params\.a\.b: b must be a string/),
        expect.stringMatching(/^params\.items\[1\]\.qty: qty must not be less than 1/),
      ]),
    );
  });
});

describe('validation messages', () => {
  it('describeZodIssues joins paths with dots and brackets and names the root', () => {
    expect(
      describeZodIssues([
        { path: ['params', 'list', 2, 'name'], message: 'Required' },
        { path: [], message: 'Expected object' },
      ]),
    ).toEqual(['params.list[2].name: Required', '(root): Expected object']);
  });

  it('describeZodIssues caps the list at 10 lines', () => {
    const issues = Array.from({ length: 25 }, (_, i) => ({ path: [`f${i}`], message: 'bad' }));
    expect(describeZodIssues(issues)).toHaveLength(10);
  });

  it('describeValidationErrors caps the list at 10 lines', () => {
    const errors = Array.from({ length: 12 }, (_, i) => ({
      property: `p${i}`,
      constraints: { isString: `p${i} must be a string` },
      children: [],
    }));
    expect(describeValidationErrors(errors, 'params')).toHaveLength(10);
    expect(describeValidationErrors(errors, 'params')[0]).toBe('params.p0: p0 must be a string');
  });
});
