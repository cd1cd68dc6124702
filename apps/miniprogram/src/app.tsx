import type { PropsWithChildren } from 'react';
import { useLaunch } from '@tarojs/taro';
import './services/auth';
import { loadBranding } from './services/branding';
import { completeWebAuthorisation } from './services/webAuth';
import './app.css';

// H5 inside WeChat: web authorisation before the router reads the address (see webAuth.ts).
const leaving = completeWebAuthorisation();

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    if (!leaving) void loadBranding();
  });
  return children;
}

export default App;
