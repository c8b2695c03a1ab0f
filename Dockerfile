# syntax=docker/dockerfile:1
# One image for both processes: web (`npx tsx server.ts`) and worker (`npx tsx workers/index.ts`).
FROM node:20-bookworm-slim

# npm 11 honours package.json "allowScripts" (which dependencies may run install scripts),
# the same as on developer machines; npm 10 would run every install script.
RUN npm install -g npm@11.19.1

WORKDIR /app
RUN chown node:node /app
USER node

# Dependencies first, with what `prisma generate` (postinstall) reads, so this layer is
# rebuilt only when dependencies or the schema change.
COPY --chown=node:node package.json package-lock.json prisma.config.ts ./
COPY --chown=node:node prisma ./prisma
COPY --chown=node:node app/utils/defaults.ts ./app/utils/defaults.ts
COPY --chown=node:node scripts/no-engine.sh ./scripts/no-engine.sh
RUN npm ci

COPY --chown=node:node . .
# Private files (appraisal report PDFs) live outside the web root; created here so that a
# named volume mounted on it starts owned by the node user.
RUN mkdir -p /app/.data/private
RUN npm run build

ENV NODE_ENV=production \
    PORT=3000
EXPOSE 3000
CMD ["npx", "tsx", "server.ts"]
