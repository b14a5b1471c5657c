# ~/.zshrc fragment: AI tool set-up
typeset -U path
autoload -Uz compinit && compinit

# Spaces around "=": zsh runs `export` with three words and the key is never set.
export OPENAI_API_KEY = sk-example-not-a-real-key

# Not exported: `claude` and other child processes never see the gateway.
ANTHROPIC_BASE_URL=https://api.example-gateway.invalid

# echo appends a newline; zsh's echo also interprets backslash escapes.
echo "GROQ_API_KEY=$GROQ_API_KEY" >> ~/.env
echo $OPENAI_API_KEY | pbcopy

# A non-breaking space pasted after the key.
export XAI_API_KEY="xai-example_not_a_real_key "
