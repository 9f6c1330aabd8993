// The channel interface of the delivery core: one `send` per attempt. It resolves with a short
// description of the receiver's answer (for the delivery log), or throws — a DeliveryFailure that
// says whether another attempt can help, or any other error, which is retried.
import type { Delivery } from '../deliveries';

export interface Channel {
  send(delivery: Delivery): Promise<string>;
}

export class DeliveryFailure extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'DeliveryFailure';
  }
}
