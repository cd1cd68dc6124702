import { Injectable, Logger, Module } from '@nestjs/common';
import type { CapturePolicy, ResubmissionReason, TenantPolicy } from '@shiming/domain';
import type { CaseApplicant, CaseRecord } from '../cases/case.entity';
import type { DocumentRecord } from '../documents/document.entity';

/**
 * Flags: what the console points out to the agent on a case (docs/API.md ConsoleCase.flags).
 * Each source of flags is a provider implementing CaseFlagSource that registers itself with the
 * CaseFlagRegistry when its module starts; the review service asks the registry for all of them
 * each time an agent opens a case, so flags are always computed from the case as it is now.
 *
 * Adding a source (e.g. the OCR cross-check) from another module:
 *
 *   @Module({ imports: [CaseFlagsModule], providers: [OcrFlagSource] })
 *   export class OcrModule {}
 *
 *   @Injectable()
 *   export class OcrFlagSource implements CaseFlagSource, OnModuleInit {
 *     readonly name = 'ocr';
 *     constructor(private readonly registry: CaseFlagRegistry, private readonly repo: OcrRepository) {}
 *     onModuleInit(): void { this.registry.register(this); }
 *     async flags(ctx: CaseFlagContext): Promise<CaseFlag[]> { ... }
 *   }
 */
export type CaseFlagSeverity = 'warning' | 'critical';

export interface CaseFlag {
  /** QUALITY_BLUR, QUALITY_GLARE, QUALITY_FRAMING, QUALITY_RESOLUTION, DUPLICATE_PHOTO, OCR_… */
  code: string;
  severity: CaseFlagSeverity;
  /** The document the flag is about, when it is about one. */
  documentId?: string;
  /** For the agent, in Chinese. Never an ID number or a name in clear. */
  message: string;
  /** The resubmission reason the console pre-selects for one-click "ask again". */
  suggestedReason?: ResubmissionReason;
  /** Other cases of the same tenant involved (e.g. the same photo used there). */
  relatedCaseIds?: string[];
}

/** What a source may look at; everything is the case's current state, in the agent's tenant. */
export interface CaseFlagContext {
  tenantId: string;
  record: CaseRecord;
  /** Decrypted typed name and ID number (null before the subscriber filled them): never log them. */
  applicant: CaseApplicant | null;
  /** The case's current (not superseded) documents. */
  documents: DocumentRecord[];
  policy: TenantPolicy;
  capturePolicy: CapturePolicy;
  now: Date;
}

export interface CaseFlagSource {
  /** Unique; a second registration under the same name replaces the first. */
  readonly name: string;
  flags(ctx: CaseFlagContext): Promise<CaseFlag[]>;
}

const SEVERITY_ORDER: Record<CaseFlagSeverity, number> = { critical: 0, warning: 1 };

/** The one place the case's flags are gathered. */
@Injectable()
export class CaseFlagRegistry {
  private readonly logger = new Logger(CaseFlagRegistry.name);
  private readonly sources = new Map<string, CaseFlagSource>();

  register(source: CaseFlagSource): void {
    this.sources.set(source.name, source);
  }

  sourceNames(): string[] {
    return [...this.sources.keys()];
  }

  /**
   * Every source's flags, critical first, then in source registration order. A source that
   * throws is logged and left out: a flag is advice, and the agent must still see the case.
   */
  async flagsFor(ctx: CaseFlagContext): Promise<CaseFlag[]> {
    const all: CaseFlag[] = [];
    // One source after another: with the embedded database there is one connection anyway.
    for (const source of this.sources.values()) {
      try {
        all.push(...(await source.flags(ctx)));
      } catch (e) {
        this.logger.error(
          `flag source ${source.name} failed on case ${ctx.record.id}: ${e instanceof Error ? e.message : String(e)}`,
        );
      }
    }
    return all
      .map((flag, i) => ({ flag, i }))
      .sort(
        (a, b) => SEVERITY_ORDER[a.flag.severity] - SEVERITY_ORDER[b.flag.severity] || a.i - b.i,
      )
      .map(({ flag }) => flag);
  }
}

/** Import it where a source lives; the registry is one instance for the whole app. */
@Module({ providers: [CaseFlagRegistry], exports: [CaseFlagRegistry] })
export class CaseFlagsModule {}
