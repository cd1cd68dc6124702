import { View } from '@tarojs/components';
import { Input } from '@nutui/nutui-react-taro';

interface Props {
  label: string;
  value: string;
  onChange: (v: string) => void;
  placeholder?: string;
  error?: string | null;
  hint?: string | null;
  type?: 'text' | 'number' | 'idcard' | 'digit' | 'tel';
  maxLength?: number;
  name?: string;
}

/** A labelled input with its live check underneath. */
export function Field({
  label,
  value,
  onChange,
  placeholder,
  error,
  hint,
  type = 'text',
  maxLength,
  name,
}: Props) {
  return (
    <View className="field">
      <View className="field-label">{label}</View>
      <View className={`field-input${error ? ' invalid' : ''}`}>
        <Input
          name={name}
          value={value}
          type={type === 'tel' ? 'number' : type}
          placeholder={placeholder}
          maxLength={maxLength}
          onChange={(v: string) => onChange(v)}
          clearable
        />
      </View>
      {error ? <View className="error-text">{error}</View> : null}
      {!error && hint ? <View className="muted ok-text">{hint}</View> : null}
    </View>
  );
}
