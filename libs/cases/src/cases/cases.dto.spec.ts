import { describe, expect, it } from '@jest/globals';
import { passendValidationPipe } from '@passend/platform';
import { AssignGuardianRequest } from '../guardians/guardian.dto.js';
import { RecordMilestoneRequest } from '../milestones/milestone.dto.js';
import { OpenCaseRequest } from './cases.dto.js';

describe('nested parts of case requests', () => {
  const pipe = passendValidationPipe();
  const measure = { kind: 'supervision_order', rulingDate: '2026-11-28' };

  // found by the fuzz: POST /api/cases with "child": [] passed validation (an empty array has no nested errors) and answered 500
  it.each([
    [OpenCaseRequest, { child: [], measure }, 'child'],
    [OpenCaseRequest, { child: { givenNames: 'Noa', familyName: 'de Vries', bsn: '111222333', dateOfBirth: '2014-03-09', homeMunicipalityCode: 'GM0344' }, measure: [] }, 'measure'],
    [AssignGuardianRequest, { guardianUserId: '3f5af00c-fb87-4c87-b027-454cfdc37214', kind: 'permanent', fromDate: '2026-12-01', explanation: [] }, 'explanation'],
    [RecordMilestoneRequest, { kind: 'agreed_course', metOn: '2026-12-01', explanation: [] }, 'explanation'],
  ] as const)('refuses an array where %p expects an object (%j) with a 400 naming the field', async (metatype, body, field) => {
    await expect(pipe.transform(body, { type: 'body', metatype, data: undefined })).rejects.toMatchObject({ code: 'validation_failed', details: { fields: [expect.objectContaining({ field })] } });
  });
});
