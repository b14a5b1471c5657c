#!/usr/bin/env bash
# Ask a model from the shell.
curl https://api.openai.com/v1/chat/completions \
  -H "Authorization: $OPENAI_API_KEY" \
  -H "Content-Type: application/json" \
  -d '{"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}]}'

curl https://api.anthropic.com/v1/models -H 'x-api-key: $ANTHROPIC_API_KEY'
