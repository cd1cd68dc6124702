import { elderMode, setElderMode } from '../services/elderMode';
import { useStore } from './useStore';

export function useElderMode(): [boolean, (on: boolean) => void] {
  return [useStore(elderMode), setElderMode];
}
