/** An activation to create: a segment synced to a destination, in one of the three states. */
export interface ActivationSeed {
  key: string;
  segmentKey: string;
  name: string;
  destinationType: string;
  status: 'active' | 'paused' | 'error';
  /** Destination settings; credentials appear only as references to a secret store. */
  config: Record<string, unknown>;
  /** Minutes before the clock of the last successful sync (none: never synced). */
  lastSyncedMinutesAgo?: number;
  lastError?: string;
}

/** The workspace's activations: some syncing, one paused, two failing with the error their API returned. */
export const ACTIVATION_SEEDS: readonly ActivationSeed[] = [
  {
    key: 'cart_recovery_webhook',
    segmentKey: 'cart_abandoners',
    name: 'Cart recovery webhook',
    destinationType: 'webhook',
    status: 'active',
    config: { url: 'https://hooks.acme-outfitters.example/segops/cart-recovery', method: 'POST' },
    lastSyncedMinutesAgo: 12,
  },
  {
    key: 'high_ltv_braze',
    segmentKey: 'high_ltv',
    name: 'High LTV to Braze',
    destinationType: 'braze',
    status: 'error',
    config: { instance: 'https://rest.iad-03.braze.com', app_group: 'acme-outfitters-prod', api_key_ref: 'secret://braze/rest-api-key' },
    lastSyncedMinutesAgo: 3 * 24 * 60 + 40,
    lastError: '401 Unauthorized from Braze: API key revoked',
  },
  {
    key: 'vip_google_ads',
    segmentKey: 'vip_buyers',
    name: 'VIP Buyers Customer Match',
    destinationType: 'google_ads',
    status: 'active',
    config: { customer_id: '482-119-3307', user_list: 'SegOps - VIP Buyers', membership_life_span_days: 30, oauth_ref: 'secret://google-ads/oauth' },
    lastSyncedMinutesAgo: 55,
  },
  {
    key: 'churn_risk_s3',
    segmentKey: 'churn_risk',
    name: 'Churn Risk nightly export',
    destinationType: 's3',
    status: 'active',
    config: { bucket: 'acme-segops-exports', prefix: 'churn-risk/', region: 'us-east-1', format: 'csv', role_arn_ref: 'secret://aws/export-role' },
    lastSyncedMinutesAgo: 7 * 60 + 5,
  },
  {
    key: 'window_shoppers_facebook',
    segmentKey: 'window_shoppers',
    name: 'Window Shoppers retargeting',
    destinationType: 'facebook_ads',
    status: 'paused',
    config: { ad_account_id: 'act_10293847', audience_name: 'SegOps - Window Shoppers', access_token_ref: 'secret://facebook/system-user-token' },
    lastSyncedMinutesAgo: 9 * 24 * 60,
  },
  {
    key: 'new_users_hubspot',
    segmentKey: 'new_users',
    name: 'New Users onboarding list',
    destinationType: 'hubspot',
    status: 'active',
    config: { portal_id: 24518873, list_name: 'Onboarding - new members', private_app_token_ref: 'secret://hubspot/private-app' },
    lastSyncedMinutesAgo: 25,
  },
  {
    key: 'email_engaged_facebook',
    segmentKey: 'email_engaged',
    name: 'Email Engaged lookalike seed',
    destinationType: 'facebook_ads',
    status: 'error',
    config: { ad_account_id: 'act_10293847', audience_name: 'SegOps - Email Engaged seed', access_token_ref: 'secret://facebook/system-user-token' },
    lastSyncedMinutesAgo: 2 * 24 * 60 + 300,
    lastError: '400 Bad Request from Facebook Marketing API: (#2654) Custom audience terms of service have not been accepted for ad account act_10293847',
  },
  {
    key: 'pro_plan_webhook',
    segmentKey: 'pro_plan',
    name: 'Pro members to loyalty service',
    destinationType: 'webhook',
    status: 'paused',
    config: { url: 'https://loyalty.acme-outfitters.example/api/members/sync', method: 'PUT' },
  },
];
