import { apiCommand, apiRequest } from '../../api/client';
import { statsSchema } from './schemas';

export const fetchStats = () => apiRequest('/console/stats', statsSchema);

export const retryLift = (id: string) =>
  apiCommand(`/console/lifts/${encodeURIComponent(id)}/retry`);
