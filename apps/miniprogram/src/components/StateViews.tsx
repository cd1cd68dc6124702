import { View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import type { ApiError } from '../services/api/errors';
import { callHotline, replace, routes } from '../routes';

export function Loading({ text = '正在加载，请稍候…' }: { text?: string }) {
  return (
    <View className="card muted" aria-busy="true">
      {text}
    </View>
  );
}

interface ErrorProps {
  error: ApiError | string;
  onRetry?: () => void;
  hotline?: string;
}

/** Never a blank screen: what went wrong in plain words, a retry, and the hotline. */
export function ErrorView({ error, onRetry, hotline }: ErrorProps) {
  const message = typeof error === 'string' ? error : error.message;
  // The session ran out or never proved the number: the way on is to prove it (again), not "重试".
  const needProof =
    typeof error !== 'string' && (error.status === 401 || error.code === 'NUMBER_NOT_PROVEN');
  return (
    <View className="card" role="alert">
      <View className="card-title">没有成功</View>
      <View className="error-text">{message}</View>
      <View className="actions">
        {needProof ? (
          <Button type="primary" block size="large" onClick={() => replace(routes.prove)}>
            验证手机号
          </Button>
        ) : onRetry ? (
          <Button type="primary" block size="large" onClick={onRetry}>
            重试
          </Button>
        ) : null}
        {hotline ? (
          <Button block size="large" onClick={() => callHotline(hotline)}>
            拨打客服电话 {hotline}
          </Button>
        ) : null}
      </View>
    </View>
  );
}
