export { startLocalModelServer, type LocalModelServer, type LocalModelServerOptions } from './openai-llama-server.js';
