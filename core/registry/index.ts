export { defineTool, type Tool, type ToolContext, type ToolSource, type UiComponent } from './tool.ts';
export { createRegistry, type CallContext, type Registry, type ToolCallResult } from './registry.ts';
