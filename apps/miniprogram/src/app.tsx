import type { PropsWithChildren } from 'react';
import { useLaunch } from '@tarojs/taro';
import './services/auth';
import { loadBranding } from './services/branding';
import './app.css';

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    void loadBranding();
  });
  return children;
}

export default App;
