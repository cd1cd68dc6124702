import { View } from '@tarojs/components';
import type { CSSProperties, ReactNode } from 'react';
import { Switch } from '@nutui/nutui-react-taro';
import { useBranding } from '../hooks/useBranding';
import { useElderMode } from '../hooks/useElderMode';
import './Page.css';

interface Props {
  title?: string;
  children: ReactNode;
}

/** Every page's frame: brand colours, elder mode, and the one elder-mode switch at the bottom. */
export function Page({ title, children }: Props) {
  const [elder, setElder] = useElderMode();
  const branding = useBranding();
  const brand = branding.status === 'ready' ? branding.branding : null;
  const style = {
    '--brand': brand?.primaryColor ?? '#1a5fb4',
    '--brand-accent': brand?.accentColor ?? '#0b3d91',
    '--nutui-color-primary': brand?.primaryColor ?? '#1a5fb4',
    '--nutui-color-primary-stop-1': brand?.primaryColor ?? '#1a5fb4',
    '--nutui-color-primary-stop-2': brand?.primaryColor ?? '#1a5fb4',
  } as CSSProperties;
  return (
    <View className={`page${elder ? ' elder' : ''}`} style={style}>
      {title ? <View className="page-title">{title}</View> : null}
      {children}
      <View className="elder-switch">
        <View className="elder-switch-label">长辈模式（大字）</View>
        <Switch checked={elder} onChange={(v: boolean) => setElder(v)} />
      </View>
    </View>
  );
}
