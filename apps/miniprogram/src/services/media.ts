import Taro from '@tarojs/taro';
import { appConfig } from '../config';

export type PhotoSource = 'camera' | 'album';

export class MediaCancelled extends Error {
  override readonly name = 'MediaCancelled';
}

export class PrivacyRefused extends Error {
  override readonly name = 'PrivacyRefused';
  constructor() {
    super('需要您同意隐私保护指引，才能拍摄或选择身份证照片。');
  }
}

/**
 * WeChat requires the privacy authorisation before chooseMedia (base library
 * 2.32.3+, with __usePrivacyCheck__ in app.json). Older clients lack the API:
 * they need no authorisation.
 */
export function ensurePrivacyAuthorized(): Promise<void> {
  if (!appConfig.isWeapp || typeof Taro.requirePrivacyAuthorize !== 'function')
    return Promise.resolve();
  return new Promise((resolve, reject) => {
    Taro.requirePrivacyAuthorize({
      success: () => resolve(),
      fail: () => reject(new PrivacyRefused()),
    });
  });
}

/** One compressed photo from the camera or the album; resolves to a local path. */
export async function choosePhoto(source: PhotoSource): Promise<string> {
  await ensurePrivacyAuthorized();
  try {
    if (appConfig.isWeapp) {
      const res = await Taro.chooseMedia({
        count: 1,
        mediaType: ['image'],
        sourceType: [source],
        sizeType: ['compressed'],
        camera: 'back',
      });
      const path = res.tempFiles[0]?.tempFilePath;
      if (!path) throw new MediaCancelled();
      return path;
    }
    const res = await Taro.chooseImage({
      count: 1,
      sizeType: ['compressed'],
      sourceType: [source],
    });
    const path = res.tempFilePaths[0];
    if (!path) throw new MediaCancelled();
    return path;
  } catch (err) {
    if (err instanceof MediaCancelled) throw err;
    const msg =
      typeof err === 'object' && err !== null && 'errMsg' in err ? String(err.errMsg) : '';
    if (/cancel/i.test(msg)) throw new MediaCancelled();
    throw err;
  }
}
