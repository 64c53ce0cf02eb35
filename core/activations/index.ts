export { listActivations, findActivation, listDeliveringActivations, recordDelivery, type Activation, type ActivationStatus } from './activation-store.ts';
export { createActivation, type CreatedActivation } from './create-activation.ts';
export { changeActivationStatus, activationNotFound } from './activation-status.ts';
export { DESTINATION_TYPES, DESTINATION_CONFIGS, maskConfig, parseNewActivation, type DestinationType } from './destinations.ts';
export { deliverSegmentChange, onSegmentRefreshed, type DeliveryResult, type SegmentChange } from './deliver-segment-change.ts';
export { deliverWebhook, WebhookDeliveryError, type WebhookOptions, type WebhookPayload, type RetryPolicy } from './webhook-delivery.ts';
export { SIGNATURE_HEADER, TIMESTAMP_HEADER, signWebhookBody, verifyWebhookSignature, generateSigningSecret } from './webhook-signature.ts';
