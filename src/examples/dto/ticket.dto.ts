import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';

export const TICKET_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;

export class TicketCreateInput {
  @IsString()
  @Matches(/^cus_[A-Za-z0-9]{1,32}$/, { message: 'customerId must look like cus_001' })
  customerId!: string;

  @IsString()
  @Length(3, 200)
  subject!: string;

  @IsIn(TICKET_PRIORITIES)
  priority!: string;

  @IsOptional()
  @IsString()
  @Length(8, 100)
  @JSONSchema({ description: 'Retrying with the same key returns the ticket created the first time instead of a duplicate' })
  idempotencyKey?: string;
}

export class TicketDto {
  @IsUUID() id!: string;
  @IsString() customerId!: string;
  @IsString() subject!: string;
  @IsIn(TICKET_PRIORITIES) priority!: string;
  @IsString() status!: string;
  @IsString() createdBy!: string;
  @IsISO8601() createdAt!: string;
  @JSONSchema({ description: 'false when an earlier call with the same idempotencyKey created it' })
  @IsIn([true, false])
  created!: boolean;
}
