import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsArray, IsIn, IsInt, IsOptional, IsString, Max, Min, ValidateNested } from 'class-validator';
import { JsonSchemaCompiler, type JsonSchema } from './json-schema.compiler';

class Address {
  @IsString()
  city!: string;
}

class LineItem {
  @IsInt()
  @Min(1)
  @Max(99)
  qty!: number;

  @IsOptional()
  @ValidateNested()
  @Type(() => Address)
  shipTo?: Address;
}

class Order {
  @IsString()
  id!: string;

  @IsIn(['open', 'closed'])
  status!: string;

  @ValidateNested()
  @Type(() => Address)
  billing!: Address;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => LineItem)
  lines!: LineItem[];
}

class Flat {
  @IsString()
  name!: string;
}

class Undecorated {
  name!: string;
}

class Tag {
  @IsString()
  label!: string;
}

class TagsWithoutType {
  @ValidateNested({ each: true })
  tags!: Tag[];
}

// Two modules may each define a nested class with the same name (say `Item`). Declared only
// when the test that needs them runs (it is the last one), so that a fix which refuses such
// classes globally does not break the other tests.
const customerInput = () => {
  class Item {
    @IsString()
    email!: string;
  }
  class CustomerInput {
    @ValidateNested()
    @Type(() => Item)
    item!: Item;
  }
  return CustomerInput;
};
const ticketInput = () => {
  class Item {
    @IsInt()
    priority!: number;
  }
  class TicketInput {
    @ValidateNested()
    @Type(() => Item)
    item!: Item;
  }
  return TicketInput;
};

/** Every object schema anywhere in the tree. */
function objectSchemas(schema: unknown, out: JsonSchema[] = []): JsonSchema[] {
  if (Array.isArray(schema)) schema.forEach((s) => objectSchemas(s, out));
  else if (schema && typeof schema === 'object') {
    if ((schema as JsonSchema).type === 'object') out.push(schema as JsonSchema);
    Object.values(schema).forEach((v) => objectSchemas(v, out));
  }
  return out;
}

describe('JsonSchemaCompiler', () => {
  const compiler = new JsonSchemaCompiler();

  it('compiles a flat class to a closed 2020-12 object schema without $defs', () => {
    expect(compiler.compile(Flat)).toEqual({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      properties: { name: { type: 'string' } },
      required: ['name'],
      additionalProperties: false,
    });
  });

  describe('nested classes', () => {
    const schema = compiler.compile(Order);

    it('turns a single nested class into a $ref to $defs', () => {
      expect((schema.properties as Record<string, JsonSchema>).billing).toEqual({ $ref: '#/$defs/Address' });
    });

    it('turns an array of nested classes into items.$ref', () => {
      expect((schema.properties as Record<string, JsonSchema>).lines).toMatchObject({ type: 'array', items: { $ref: '#/$defs/LineItem' } });
    });

    it('collects nested classes transitively into $defs, with their rules', () => {
      const defs = schema.$defs as Record<string, JsonSchema>;
      expect(Object.keys(defs).sort()).toEqual(['Address', 'LineItem']);
      expect(defs.LineItem).toMatchObject({
        properties: { qty: { type: 'integer', minimum: 1, maximum: 99 }, shipTo: { $ref: '#/$defs/Address' } },
        required: ['qty'],
      });
      expect(defs.Address).toMatchObject({ properties: { city: { type: 'string' } }, required: ['city'] });
    });

    it('closes every object with additionalProperties: false', () => {
      const objects = objectSchemas(schema);
      expect(objects).toHaveLength(3);
      for (const object of objects) expect(object.additionalProperties).toBe(false);
    });

    it('declares the 2020-12 dialect once, at the root', () => {
      expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
      expect((schema.$defs as Record<string, JsonSchema>).Address.$schema).toBeUndefined();
    });

    it('keeps enums from @IsIn', () => {
      expect((schema.properties as Record<string, JsonSchema>).status).toMatchObject({ enum: ['open', 'closed'] });
    });

    it('does not let one compiled schema alias another (they are independent copies)', () => {
      const again = compiler.compile(Order);
      ((again.$defs as Record<string, JsonSchema>).Address.properties as Record<string, unknown>).hacked = {};
      expect(Object.keys((compiler.compile(Order).$defs as Record<string, JsonSchema>).Address.properties as object)).toEqual(['city']);
    });
  });

  it('refuses a class without class-validator decorators, naming it', () => {
    expect(() => compiler.compile(Undecorated)).toThrow(/Undecorated/);
  });

  it('refuses an array of nested classes without @Type, naming the class', () => {
    expect(() => compiler.compile(TagsWithoutType)).toThrow(/TagsWithoutType\.tags .*@Type/);
  });

  // BUG: $defs are looked up by class name in one global table built by
  // validationMetadatasToSchemas, which merges the rules of distinct classes that share a
  // name: both tools advertise `Item` as requiring email AND priority, so no valid call exists.
  // Fix in json-schema.compiler.ts compile(): detect distinct constructors sharing a name (e.g.
  // group getMetadataStorage()'s validation metadatas by target name) and fail the boot with
  // both class names, or key $defs by a unique name per constructor.
  it('keeps two nested classes that share a name apart (or refuses them at boot)', () => {
    const [customerClass, ticketClass] = [customerInput(), ticketInput()];
    const fresh = new JsonSchemaCompiler(); // as at boot: every class is loaded before compiling
    let customer: JsonSchema | undefined;
    let ticket: JsonSchema | undefined;
    try {
      customer = fresh.compile(customerClass);
      ticket = fresh.compile(ticketClass);
    } catch (err) {
      expect((err as Error).message).toMatch(/CustomerInput|TicketInput|Item/); // refusing at boot is a fine fix too
      return;
    }
    expect((customer.$defs as Record<string, JsonSchema>).Item).toMatchObject({ properties: { email: {} }, required: ['email'] });
    expect((ticket.$defs as Record<string, JsonSchema>).Item).toMatchObject({ properties: { priority: {} }, required: ['priority'] });
  });
});
