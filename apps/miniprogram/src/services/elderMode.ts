import Taro from '@tarojs/taro';
import { createStore } from './store';

/** 长辈模式: large text, high contrast, bigger tap targets. Remembered on the phone. */
const KEY = 'shiming:elder-mode';

function load(): boolean {
  try {
    return Taro.getStorageSync(KEY) === true;
  } catch {
    return false;
  }
}

export const elderMode = createStore<boolean>(load());

export function setElderMode(on: boolean): void {
  elderMode.set(on);
  try {
    Taro.setStorageSync(KEY, on);
  } catch {
    // Storage full or refused: the switch still works for this visit.
  }
}
