/** For tool authors' specs: boot Switchboard with your tools and get a connected MCP client. */
export { createSwitchboardTestApp, type SwitchboardTestApp, type SwitchboardTestAppOptions } from './switchboard-test-app';
