export { addUsage, type ContentBlock, type Model, type ModelRequest, type ModelStreamEvent, type StopReason, type TextBlock, type ToolResultBlock, type ToolSpec, type ToolUseBlock, type TranscriptMessage, type Usage } from './model.ts';
export { ModelError, type ModelErrorCode } from './model-error.ts';
export { claudeModel, DEFAULT_CLAUDE_MODEL, type ClaudeOptions, type RetryPolicy } from './claude.ts';
export { scriptedModel, type ScriptedTurn, type ScriptStep } from './scripted.ts';
export { costUsd } from './pricing.ts';
