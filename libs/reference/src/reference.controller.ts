import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  CodeListResponse,
  CodeListSummaryResponse,
  MunicipalityQuery,
  MunicipalityResponse,
  RegionQuery,
  RegionResponse,
} from './reference.dto.js';
import { ReferenceCatalog } from './reference-catalog.js';

@ApiTags('reference')
@ApiBearerAuth()
@Controller()
export class ReferenceController {
  constructor(private readonly catalog: ReferenceCatalog) {}

  @Get('regions')
  @ApiOkResponse({ type: [RegionResponse], description: 'the 42 youth-care regions of 2025 with their inspection area' })
  regions(@Query() query: RegionQuery): Promise<RegionResponse[]> {
    return this.catalog.regions(query);
  }

  @Get('municipalities')
  @ApiOkResponse({ type: [MunicipalityResponse], description: 'the 342 municipalities of 2025, optionally of one region' })
  async municipalities(@Query() query: MunicipalityQuery): Promise<MunicipalityResponse[]> {
    return (await this.catalog.municipalities(query.region)).map(({ areaKm2: _, ...m }) => m);
  }

  @Get('code-lists')
  @ApiOkResponse({ type: [CodeListSummaryResponse], description: 'the iJw 3.2 code lists Passend knows' })
  codeLists(): Promise<CodeListSummaryResponse[]> {
    return this.catalog.codeLists();
  }

  @Get('code-lists/:list')
  @ApiOkResponse({ type: CodeListResponse, description: 'one iJw code list, e.g. JZ020, WJ759, JZ588' })
  @ApiNotFoundResponse({ description: 'no such code list' })
  async codeList(@Param('list') list: string): Promise<CodeListResponse> {
    const { entries, ...rest } = await this.catalog.codeList(list);
    return { ...rest, entries: entries.map(({ code, value, historic }) => ({ code, value, historic })) };
  }
}
