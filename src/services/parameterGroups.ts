import type { HandlerMap } from './handler.js';

export const handlers: HandlerMap = {};
