import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  Allow,
  IsDefined,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  Validate,
  ValidateIf,
  ValidateNested,
  ValidatorConstraint,
  validateSync,
  type ValidatorConstraintInterface,
} from 'class-validator';
import fc from 'fast-check';
import { ContextGetParams, ContextUpdateParams } from '../context/dto/context-params.dto';
import { CustomerSearchInput } from '../examples/dto/customer.dto';
import { OrderDto, OrderSummaryDto, OrderSummaryInput } from '../examples/dto/order.dto';
import { TicketCreateInput } from '../examples/dto/ticket.dto';
import { WorkflowTriggerInput } from '../examples/dto/workflow.dto';
import { DTO_VALIDATION, parseDto, passesCompiledCheck, validateDto } from './dto-validation';
import { toInstance } from './to-instance';

@ValidatorConstraint({ name: 'even', async: false })
class Even implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'number' && value % 2 === 0;
  }
}

@ValidatorConstraint({ name: 'remoteCheck', async: true })
class RemoteCheck implements ValidatorConstraintInterface {
  validate(): Promise<boolean> {
    return Promise.resolve(false);
  }
}

class Tag {
  @IsString() @MaxLength(8) name!: string;
}

class Base {
  @IsString() @MaxLength(16) text!: string;
}

class Everything extends Base {
  @IsOptional() @IsInt() @Min(1) limit?: number;
  @IsIn(['a', 'b']) kind!: string;
  @ValidateIf((o: Everything) => o.kind === 'b') @IsString() @Matches(/^x+$/) onlyForB?: string;
  @IsOptional() @IsString({ each: true }) labels?: string[];
  @IsOptional() @ValidateNested() @Type(() => Tag) tag?: Tag;
  @IsOptional() @ValidateNested({ each: true }) @Type(() => Tag) tags?: Tag[];
  @IsOptional() @Validate(Even) even?: number;
  @IsOptional() @Validate(RemoteCheck) remote?: string;
  @IsOptional() @IsEmail() email?: string;
  @Allow() free?: unknown;
  @IsDefined() required!: unknown;
  @IsString() withDefault = 'kept';
}

/** Each class with inputs known to be valid: mutations of them land on both sides of every rule. */
const SAMPLES: Array<[Function & { new (): object }, Array<Record<string, unknown>>]> = [
  [
    Everything,
    [
      { text: 'hello', kind: 'a', required: 0 },
      {
        text: 'x',
        kind: 'b',
        onlyForB: 'xxx',
        limit: 3,
        labels: ['p', 'q'],
        tag: { name: 't' },
        tags: [{ name: 'u' }],
        even: 4,
        required: false,
      },
      { text: '', kind: 'a', email: 'a@example.com', free: { any: ['thing'] }, remote: 'skipped in sync mode', required: 'yes' },
    ],
  ],
  [CustomerSearchInput, [{ query: 'acme' }, { query: 'acme', limit: 5 }]],
  [OrderSummaryInput, [{ customerId: 'cus_001' }, { customerId: 'cus_001', since: '2026-01-01', until: '2026-07-01T00:00:00Z' }]],
  [
    OrderSummaryDto,
    [
      {
        customerId: 'cus_001',
        customerName: 'Acme',
        orderCount: 2,
        ordersByStatus: { pending: 0, paid: 1, shipped: 1, cancelled: 0 },
        totalSpent: [{ currency: 'EUR', totalCents: 100 }],
        topSkus: [{ sku: 's', description: 'd', quantity: 1 }],
      },
    ],
  ],
  [
    OrderDto,
    [
      {
        id: 'ord_1',
        customerId: 'cus_001',
        status: 'paid',
        currency: 'EUR',
        totalCents: 5,
        createdAt: '2026-01-01T00:00:00Z',
        lines: [{ lineNo: 1, sku: 's', description: 'd', quantity: 1, unitPriceCents: 5, lineTotalCents: 5 }],
      },
    ],
  ],
  [
    TicketCreateInput,
    [
      { customerId: 'cus_001', subject: 'Broken', priority: 'high' },
      { customerId: 'cus_2', subject: 'abc', priority: 'low', idempotencyKey: 'key-0001' },
    ],
  ],
  [WorkflowTriggerInput, [{ workflow: 'refund_order', idempotencyKey: 'key-0001', params: { orderId: 'ord_0001', reason: 'damaged' } }]],
  [ContextGetParams, [{}, { contextId: '5d3f7a2e-8f7b-4c1e-9a3d-2b1c0e9f8a7d' }]],
  [ContextUpdateParams, [{ patch: { a: 1, b: { c: null } } }, { patch: {}, ifVersion: 3 }]],
];

const json = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom(
      null,
      true,
      false,
      0,
      -1,
      1,
      2,
      1.5,
      50,
      51,
      1e21,
      '',
      'a',
      'xxx',
      'b',
      'high',
      'cus_001',
      'a@example.com',
      '2026-01-01',
    ),
    // Lengths on both sides of the DTOs' limits (3, 8, 16, 100, 200, 500).
    fc.constantFrom(2, 3, 7, 8, 16, 17, 100, 101, 200, 201, 500, 501).map((n) => 'x'.repeat(n)),
    fc.string({ maxLength: 20 }),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom('name', 'a', 'x', 'pending', 'sku'), tie('value'), { maxKeys: 3 }),
  ),
})).value;

type Mutation = { op: 'set'; path: number; value: unknown } | { op: 'delete'; path: number } | { op: 'add'; key: string; value: unknown };
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('set' as const), path: fc.nat(), value: json }),
  fc.record({ op: fc.constant('delete' as const), path: fc.nat() }),
  fc.record({ op: fc.constant('add' as const), key: fc.constantFrom('extra', 'constructor', 'toString', 'name'), value: json }),
);

/** Every path to a value inside `value` (object keys and array indexes), for mutations to pick from. */
function paths(value: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  if (typeof value !== 'object' || value === null) return [];
  const out: Array<Array<string | number>> = [];
  for (const [key, child] of Object.entries(value)) {
    const path = [...prefix, Array.isArray(value) ? Number(key) : key];
    out.push(path, ...paths(child, path));
  }
  return out;
}

function mutate(sample: Record<string, unknown>, mutations: Mutation[]): Record<string, unknown> {
  const copy = structuredClone(sample);
  for (const m of mutations) {
    if (m.op === 'add') {
      copy[m.key] = m.value;
      continue;
    }
    const all = paths(copy);
    if (all.length === 0) continue;
    const path = all[m.path % all.length];
    const parent = path.slice(0, -1).reduce<any>((node, key) => node[key], copy);
    const last = path[path.length - 1];
    if (m.op === 'set') parent[last] = m.value;
    else if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  }
  return copy;
}

/** class-validator's verdict; it throws on a hijacked `constructor`, which can only be invalid. */
function classValidatorSays(instance: object): boolean {
  try {
    return validateSync(instance, DTO_VALIDATION).length === 0;
  } catch {
    return false;
  }
}

describe('compiled DTO validation', () => {
  it.each(SAMPLES.map(([cls, samples]) => [cls.name, cls, samples] as const))(
    '%s: the samples are valid, and the compiled check agrees with class-validator on mutations of them',
    (_name, cls, samples) => {
      for (const sample of samples) {
        const instance = toInstance(cls as never, structuredClone(sample));
        expect(validateSync(instance, DTO_VALIDATION)).toEqual([]);
        expect(passesCompiledCheck(instance)).toBe(true);
      }
      let fast = 0;
      let invalid = 0;
      fc.assert(
        fc.property(fc.constantFrom(...samples), fc.array(mutation, { minLength: 1, maxLength: 3 }), (sample, mutations) => {
          const instance = toInstance(cls as never, mutate(sample, mutations));
          const expected = classValidatorSays(instance);
          // Sound: the compiled check never passes what class-validator refuses...
          if (passesCompiledCheck(instance)) {
            fast++;
            expect(expected).toBe(true);
          }
          if (!expected) invalid++;
          // ...and with the fallback, the verdict is class-validator's.
          expect(validateDto(instance).length === 0).toBe(expected);
        }),
        { numRuns: 400 },
      );
      // Both verdicts were exercised, so the agreement above means something.
      expect(fast).toBeGreaterThan(0);
      expect(invalid).toBeGreaterThan(0);
    },
  );

  it('agrees with class-validator on arbitrary JSON objects', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SAMPLES.map(([cls]) => cls)),
        fc.dictionary(fc.string({ maxLength: 8 }), json, { maxKeys: 4 }),
        (cls, plain) => {
          const instance = toInstance(cls as never, plain);
          const expected = classValidatorSays(instance);
          if (passesCompiledCheck(instance)) expect(expected).toBe(true);
          expect(validateDto(instance).length === 0).toBe(expected);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("reports class-validator's own errors when input is invalid", () => {
    const { errors } = parseDto(Everything, { text: 'much too long for sixteen', kind: 'c', required: 1, extra: true });
    expect(errors.map((e) => [e.property, Object.keys(e.constraints ?? {}).sort()])).toEqual([
      ['extra', ['whitelistValidation']],
      ['kind', ['isIn']],
      ['text', ['maxLength']],
    ]);
  });

  it('keeps class field defaults and hands nested values over as their classes', () => {
    const { value, errors } = parseDto(Everything, { text: 't', kind: 'a', required: 1, tag: { name: 'n' }, tags: [{ name: 'm' }] });
    expect(errors).toEqual([]);
    expect(value).toBeInstanceOf(Everything);
    expect(value.withDefault).toBe('kept');
    expect(value.tag).toBeInstanceOf(Tag);
    expect(value.tags?.[0]).toBeInstanceOf(Tag);
  });

  it('reports a client-sent constructor key as a property that should not exist (class-validator itself would throw)', () => {
    const top = parseDto(Everything, { text: 't', kind: 'a', required: 1, constructor: null });
    expect(() => validateSync(top.value, DTO_VALIDATION)).toThrow(TypeError);
    expect(top.errors.map((e) => [e.property, e.constraints])).toEqual([
      ['constructor', { whitelistValidation: 'property constructor should not exist' }],
    ]);
    // Nested classes are built by class-transformer, which leaves such a key out.
    const nested = parseDto(Everything, { text: 't', kind: 'a', required: 1, tags: [{ name: 'n', constructor: 0 }] });
    expect(nested.errors).toEqual([]);
    expect(Object.hasOwn(nested.value.tags![0], 'constructor')).toBe(false);
    // Free-form data may hold such a key: it is data, not a class.
    expect(parseDto(Everything, { text: 't', kind: 'a', required: 1, free: { constructor: null } }).errors).toEqual([]);
  });

  it('leaves what it does not model to class-validator: a nested plain object with no class is an unknown value', () => {
    class Loose {
      @ValidateNested() thing!: object;
    }
    const instance = toInstance(Loose, { thing: { a: 1 } });
    expect(passesCompiledCheck(instance)).toBe(false);
    expect(validateDto(instance).map((e) => e.property)).toEqual(['thing']);
  });
});
