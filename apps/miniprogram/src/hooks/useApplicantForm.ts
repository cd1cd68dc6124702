import { useState } from 'react';
import { ageAt, parseIdNumber, validateName, type ApplicantType } from '@shiming/domain';
import { api } from '../services/api/endpoints';
import { ApiError, toUserMessage } from '../services/api/errors';
import type { ApplicantInput } from '../services/api/types';

export interface FieldCheck {
  error: string | null;
  /** A helpful line once valid (e.g. region, sex and age read from the ID number). */
  hint: string | null;
}

const EMPTY: FieldCheck = { error: null, hint: null };

export function checkName(input: string): FieldCheck {
  if (input.trim() === '') return EMPTY;
  const r = validateName(input);
  return r.ok ? EMPTY : { error: r.message, hint: null };
}

export function checkIdNumber(input: string, today: Date = new Date()): FieldCheck {
  if (input.trim() === '') return EMPTY;
  const r = parseIdNumber(input, { today });
  if (!r.ok) return { error: r.message, hint: null };
  const { province, prefecture = '', county = '' } = r.value.region;
  const sex = r.value.sex === 'male' ? '男' : '女';
  return {
    error: null,
    hint: `${province}${prefecture}${county} · ${sex} · ${ageAt(r.value.birthDate, today)} 岁`,
  };
}

function checkText(input: string, label: string): FieldCheck {
  if (input.trim() === '') return EMPTY;
  return input.trim().length < 2 ? { error: `请填写完整的${label}。`, hint: null } : EMPTY;
}

export type ApplicantField = keyof ApplicantInput;

export interface FieldSpec {
  key: ApplicantField;
  label: string;
  placeholder: string;
  check: (v: string) => FieldCheck;
  idNumber?: boolean;
}

/** Which fields each way of registering asks for, in order. */
export function applicantFields(type: ApplicantType): FieldSpec[] {
  const owner: FieldSpec[] = [
    {
      key: 'name',
      label: type === 'enterprise' ? '使用人姓名' : '机主姓名',
      placeholder: '和身份证上一致',
      check: checkName,
    },
    {
      key: 'idNumber',
      label: type === 'enterprise' ? '使用人身份证号' : '机主身份证号',
      placeholder: '18 位，末位可能是 X',
      check: (v) => checkIdNumber(v),
      idNumber: true,
    },
  ];
  if (type === 'proxy') {
    return [
      ...owner,
      {
        key: 'proxyName',
        label: '代办人姓名',
        placeholder: '和代办人身份证上一致',
        check: checkName,
      },
      {
        key: 'proxyIdNumber',
        label: '代办人身份证号',
        placeholder: '18 位，末位可能是 X',
        check: (v) => checkIdNumber(v),
        idNumber: true,
      },
    ];
  }
  if (type === 'enterprise') {
    return [
      {
        key: 'enterpriseName',
        label: '单位名称',
        placeholder: '和营业执照上一致',
        check: (v) => checkText(v, '单位名称'),
      },
      {
        key: 'organizationCode',
        label: '统一社会信用代码',
        placeholder: '营业执照上的 18 位代码',
        check: (v) => checkText(v, '代码'),
      },
      ...owner,
    ];
  }
  return owner;
}

/** The names and ID numbers of a case, checked on the spot with the domain rules, saved to the case. */
export function useApplicantForm(caseId: string, type: ApplicantType) {
  const fields = applicantFields(type);
  const [values, setValues] = useState<Partial<Record<ApplicantField, string>>>({});
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});

  const checks = Object.fromEntries(
    fields.map((f) => [f.key, f.check(values[f.key] ?? '')]),
  ) as Record<ApplicantField, FieldCheck>;
  const complete = fields.every((f) => (values[f.key] ?? '').trim() !== '' && !checks[f.key].error);

  function set(key: ApplicantField, v: string) {
    setValues((prev) => ({ ...prev, [key]: v }));
    setServerErrors(({ [key]: _dropped, ...rest }) => rest);
  }

  function normalized(): ApplicantInput {
    const out: Partial<ApplicantInput> = {};
    for (const f of fields) {
      const raw = (values[f.key] ?? '').trim();
      if (f.idNumber) {
        const r = parseIdNumber(raw);
        out[f.key] = r.ok ? r.value.value : raw;
      } else if (f.check === checkName) {
        const r = validateName(raw);
        out[f.key] = r.ok ? r.value : raw;
      } else {
        out[f.key] = raw;
      }
    }
    return out as ApplicantInput;
  }

  async function save(): Promise<boolean> {
    if (!complete) {
      setError('请先把上面的信息填写正确。');
      return false;
    }
    setSaving(true);
    setError(null);
    try {
      await api.saveApplicant(caseId, normalized());
      return true;
    } catch (err) {
      if (err instanceof ApiError && err.details.fields) setServerErrors(err.details.fields);
      setError(toUserMessage(err));
      return false;
    } finally {
      setSaving(false);
    }
  }

  return {
    fields,
    values,
    set,
    errorOf: (key: ApplicantField) => checks[key]?.error ?? serverErrors[key] ?? null,
    hintOf: (key: ApplicantField) => checks[key]?.hint ?? null,
    complete,
    saving,
    error,
    save,
  };
}
