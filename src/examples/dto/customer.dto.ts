import { Type } from 'class-transformer';
import { IsArray, IsEmail, IsIn, IsISO8601, IsOptional, IsString, Length, Matches, Max, Min, IsInt, ValidateNested } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';

export const CUSTOMER_TIERS = ['free', 'pro', 'enterprise'] as const;

export class CustomerDto {
  @IsString() id!: string;
  @IsString() name!: string;
  @IsEmail() email!: string;
  @IsIn(CUSTOMER_TIERS) tier!: string;
  @IsString() @Length(2, 2) country!: string;
  @IsISO8601() createdAt!: string;
}

export class CustomerLookupInput {
  @IsString()
  @Matches(/^cus_[A-Za-z0-9]{1,32}$/, { message: 'customerId must look like cus_001' })
  @JSONSchema({ description: 'Customer id, e.g. cus_001' })
  customerId!: string;
}

export class CustomerSearchInput {
  @IsOptional()
  @IsString()
  @Length(1, 100)
  @JSONSchema({ description: 'Case-insensitive match on name or email' })
  query?: string;

  @IsOptional()
  @IsIn(CUSTOMER_TIERS)
  tier?: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(50)
  @JSONSchema({ description: 'Page size (1-50, default 10)' })
  limit?: number;

  @IsOptional()
  @IsString()
  @Length(1, 200)
  @JSONSchema({ description: 'nextCursor from the previous page' })
  cursor?: string;
}

export class CustomerPage {
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => CustomerDto)
  customers!: CustomerDto[];

  @IsOptional()
  @IsString()
  nextCursor?: string;
}
