// One keep-alive agent per scheme for the whole process: every model request reuses an open connection to its
// server, whichever transport (the SDKs' fetch, the OpenAI-compatible JSON client) sends it.
import http from 'node:http';
import https from 'node:https';

export const keepAliveAgents = {
  http: new http.Agent({ keepAlive: true }),
  https: new https.Agent({ keepAlive: true }),
} as const;
