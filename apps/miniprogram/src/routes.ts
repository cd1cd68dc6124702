import Taro from '@tarojs/taro';

/** Every page, in one place. Subpackages keep the main package small (< 1 MB). */
export const routes = {
  home: '/pages/home/index',
  prove: '/number/prove/index',
  status: '/number/status/index',
  applicant: '/register/applicant/index',
  consent: '/register/consent/index',
  capture: '/register/capture/index',
  review: '/register/review/index',
  caseDetail: '/case/detail/index',
  notice: '/notice/verify/index',
} as const;

export type Route = (typeof routes)[keyof typeof routes];

export function url(route: Route, query: Record<string, string | undefined> = {}): string {
  const q = Object.entries(query)
    .filter((e): e is [string, string] => e[1] !== undefined)
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&');
  return q ? `${route}?${q}` : route;
}

export function go(route: Route, query?: Record<string, string | undefined>): void {
  void Taro.navigateTo({ url: url(route, query) }).catch(() =>
    Taro.redirectTo({ url: url(route, query) }),
  );
}

/** Replaces the current page, so "back" does not return to a finished step. */
export function replace(route: Route, query?: Record<string, string | undefined>): void {
  void Taro.redirectTo({ url: url(route, query) });
}

export function callHotline(hotline: string): void {
  void Taro.makePhoneCall({ phoneNumber: hotline }).catch(() => undefined);
}
