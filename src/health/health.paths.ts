export const HEALTH_PATHS = { live: '/health/live', ready: '/health/ready', startup: '/health/startup' } as const;
