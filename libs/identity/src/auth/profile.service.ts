import { Injectable } from '@nestjs/common';
import { DomainError, type Principal } from '@passend/platform';
import { DataSource } from 'typeorm';
import { User } from '../organisations/user.entity.js';
import type { MeResponse } from './auth.dto.js';

@Injectable()
export class ProfileService {
  constructor(private readonly dataSource: DataSource) {}

  async of(principal: Principal): Promise<MeResponse> {
    const user = await this.dataSource.getRepository(User).findOne({ where: { id: principal.userId }, relations: { organisation: true } });
    if (!user || !user.organisation) throw DomainError.notFound('User');
    return {
      userId: user.id,
      displayName: user.displayName,
      role: user.role,
      organisationId: user.organisationId,
      organisationName: user.organisation.name,
      organisationKind: user.organisation.kind,
      regionCode: user.organisation.regionCode,
    };
  }
}
