// One way for the party pages to act: call the api, refresh the deal, say what happened (or the api's message).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { ApiError } from '@ggzy/web';

export function useAct<V>(dealCode: string, work: (v: V) => Promise<unknown>, done: string) {
  const client = useQueryClient();
  const { message } = App.useApp();
  return useMutation({
    mutationFn: work,
    onSuccess: async () => {
      message.success(done);
      await client.invalidateQueries({ queryKey: ['party'] });
    },
    onError: (err) => message.error(err instanceof ApiError ? err.message : String(err)),
    meta: { dealCode },
  });
}

/** A fresh id for an act, so a retried request is the same act. */
export const requestId = () => crypto.randomUUID();
