import {
  DEFAULT_CAPTURE_POLICY,
  judgeCapture,
  QUALITY_RESUBMISSION_REASONS,
  qualityBlocksSubmission,
  qualityChecksFor,
  validateCapturePolicy,
  WARN_MARGIN,
  worstVerdict,
  type CaptureMeasures,
} from './capture-quality';

const GOOD: CaptureMeasures = {
  blur: 1600,
  clippedCells: 0,
  cardFound: true,
  cardShare: 0.55,
  cutOff: false,
  cardWidthPx: 1400,
};
const ALL = qualityChecksFor('id_front');

describe('validateCapturePolicy', () => {
  it('should accept the defaults when nothing is changed', () => {
    expect(validateCapturePolicy({ ...DEFAULT_CAPTURE_POLICY })).toEqual({
      ok: true,
      value: DEFAULT_CAPTURE_POLICY,
    });
  });

  it('should accept a blocking policy with checks turned off when their threshold is 0', () => {
    const policy = { ...DEFAULT_CAPTURE_POLICY, qualityMode: 'block', blurMin: 0, minCardShare: 0 };
    expect(validateCapturePolicy(policy)).toEqual({ ok: true, value: policy });
  });

  it.each([null, 'warn', 3, [DEFAULT_CAPTURE_POLICY]])(
    'should reject %j when it is not an object',
    (input) => {
      expect(validateCapturePolicy(input)).toMatchObject({
        ok: false,
        code: 'INVALID_CAPTURE_POLICY',
      });
    },
  );

  it('should name the field when one is missing', () => {
    const { blurMin: _blurMin, ...rest } = DEFAULT_CAPTURE_POLICY;
    expect(validateCapturePolicy(rest)).toMatchObject({
      ok: false,
      message: expect.stringContaining('blurMin'),
    });
  });

  it('should name the field when an unknown key is present', () => {
    expect(validateCapturePolicy({ ...DEFAULT_CAPTURE_POLICY, blurMinimum: 100 })).toMatchObject({
      ok: false,
      message: expect.stringContaining('blurMinimum'),
    });
  });

  it.each([
    ['qualityMode', 'strict'],
    ['blurMin', -1],
    ['blurMin', '150'],
    ['blurMin', Number.POSITIVE_INFINITY],
    ['glareCellsMax', 1.5],
    ['glareCellsMax', 41],
    ['minCardShare', 0.95],
    ['minCardWidthPx', 640.5],
    ['duplicateQuota', 6],
  ])('should reject %s = %j when it is out of range', (field, value) => {
    expect(validateCapturePolicy({ ...DEFAULT_CAPTURE_POLICY, [field]: value })).toMatchObject({
      ok: false,
      code: 'INVALID_CAPTURE_POLICY',
      message: expect.stringContaining(field),
    });
  });
});

describe('qualityChecksFor', () => {
  it('should give card photos every check, the handheld photo resolution and letters none', () => {
    expect(qualityChecksFor('id_back')).toEqual(['blur', 'glare', 'framing', 'resolution']);
    expect(qualityChecksFor('proxy_id_front')).toEqual(ALL);
    expect(qualityChecksFor('proxy_id_back')).toEqual(ALL);
    expect(qualityChecksFor('id_handheld')).toEqual(['resolution']);
    expect(qualityChecksFor('authorization_letter')).toEqual([]);
  });
});

describe('judgeCapture', () => {
  const verdicts = (m: Partial<CaptureMeasures>, policy = DEFAULT_CAPTURE_POLICY) =>
    Object.fromEntries(
      judgeCapture({ ...GOOD, ...m }, policy, ALL).checks.map((c) => [c.code, c.verdict]),
    );

  it('should pass every check when the photo is good', () => {
    const q = judgeCapture(GOOD, DEFAULT_CAPTURE_POLICY, ALL);
    expect(q.verdict).toBe('pass');
    expect(q.checks.map((c) => c.code)).toEqual(ALL);
    expect(q.checks.find((c) => c.code === 'blur')).toMatchObject({ score: 1600, threshold: 150 });
  });

  it('should fail blur below the threshold and warn just above it', () => {
    expect(verdicts({ blur: 12 }).blur).toBe('fail');
    expect(verdicts({ blur: 170 }).blur).toBe('warn');
    expect(verdicts({ blur: 12 }, { ...DEFAULT_CAPTURE_POLICY, blurMin: 0 }).blur).toBe('pass');
    const q = judgeCapture({ ...GOOD, blur: 12.345 }, DEFAULT_CAPTURE_POLICY, ['blur']);
    expect(q).toEqual({
      verdict: 'fail',
      checks: [
        {
          code: 'blur',
          score: 12.3,
          threshold: 150,
          verdict: 'fail',
          message: '照片模糊，请拿稳手机、对准证件重新拍。',
        },
      ],
    });
  });

  it('should fail glare over the allowed cells and warn on one clipped cell', () => {
    expect(verdicts({ clippedCells: 2 }).glare).toBe('fail');
    expect(verdicts({ clippedCells: 1 }).glare).toBe('warn');
    expect(
      verdicts({ clippedCells: 1 }, { ...DEFAULT_CAPTURE_POLICY, glareCellsMax: 0 }).glare,
    ).toBe('fail');
  });

  it('should fail framing when the card is far, cut off or not found, and warn when small', () => {
    expect(verdicts({ cardShare: 0.12 }).framing).toBe('fail');
    expect(verdicts({ cardShare: 0.4 }).framing).toBe('warn');
    const cut = judgeCapture({ ...GOOD, cutOff: true }, DEFAULT_CAPTURE_POLICY, ['framing']);
    expect(cut.checks[0]).toMatchObject({
      verdict: 'fail',
      message: expect.stringContaining('四个角'),
    });
    const none = judgeCapture({ ...GOOD, cardFound: false }, DEFAULT_CAPTURE_POLICY, ['framing']);
    expect(none.checks[0]).toMatchObject({
      verdict: 'fail',
      message: expect.stringContaining('没有找到'),
    });
  });

  it('should fail resolution under the card width and warn just above it', () => {
    expect(verdicts({ cardWidthPx: 410 }).resolution).toBe('fail');
    expect(verdicts({ cardWidthPx: 700 }).resolution).toBe('warn');
  });

  it('should take the worst verdict of the checks as the overall one', () => {
    expect(judgeCapture({ ...GOOD, blur: 170 }, DEFAULT_CAPTURE_POLICY, ALL).verdict).toBe('warn');
    expect(
      judgeCapture({ ...GOOD, blur: 170, clippedCells: 5 }, DEFAULT_CAPTURE_POLICY, ALL).verdict,
    ).toBe('fail');
    expect(judgeCapture(GOOD, DEFAULT_CAPTURE_POLICY, []).verdict).toBe('pass');
    expect(worstVerdict(['warn', 'pass'])).toBe('warn');
  });
});

describe('qualityBlocksSubmission', () => {
  const failed = judgeCapture({ ...GOOD, blur: 5 }, DEFAULT_CAPTURE_POLICY, ALL);

  it('should block a failed photo only when the tenant blocks', () => {
    expect(qualityBlocksSubmission(failed, { qualityMode: 'block' })).toBe(true);
    expect(qualityBlocksSubmission(failed, { qualityMode: 'warn' })).toBe(false);
  });

  it('should not block a photo that passed, warned or was never checked', () => {
    const warned = judgeCapture({ ...GOOD, blur: 170 }, DEFAULT_CAPTURE_POLICY, ALL);
    expect(qualityBlocksSubmission(warned, { qualityMode: 'block' })).toBe(false);
    expect(qualityBlocksSubmission(null, { qualityMode: 'block' })).toBe(false);
  });
});

describe('QUALITY_RESUBMISSION_REASONS', () => {
  it('should suggest the reason an agent picks for each failed check', () => {
    expect(QUALITY_RESUBMISSION_REASONS).toEqual({
      blur: 'blurry',
      glare: 'glare',
      framing: 'cropped',
      resolution: 'blurry',
    });
    expect(WARN_MARGIN).toBeGreaterThan(1);
  });
});
