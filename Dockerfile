# syntax=docker/dockerfile:1
# One image for both processes: web (`npx tsx server.ts`) and worker (`npx tsx workers/index.ts`).
FROM node:20-bookworm-slim

# npm 11 honours package.json "allowScripts" (which dependencies may run install scripts),
# the same as on developer machines; npm 10 would run every install script.
RUN npm install -g npm@11.19.1

WORKDIR /app
RUN chown node:node /app
USER node

# Dependencies first, with what postinstall reads (`prisma generate`: the schema;
# `patch-package --error-on-fail`: patches/), so this layer is rebuilt only when
# dependencies, the schema or a patch change. Without patches/ here patch-package would
# apply nothing and the image would run unpatched dependencies (issue 13).
COPY --chown=node:node package.json package-lock.json prisma.config.ts ./
COPY --chown=node:node prisma ./prisma
COPY --chown=node:node patches ./patches
COPY --chown=node:node app/utils/defaults.ts ./app/utils/defaults.ts
COPY --chown=node:node scripts/no-engine.sh ./scripts/no-engine.sh
RUN npm ci

COPY --chown=node:node . .
# Private files (appraisal report PDFs) live outside the web root; created here so that a
# named volume mounted on it starts owned by the node user.
RUN mkdir -p /app/.data/private
RUN npm run build
# The patched dependencies are what the server runs: a build whose patches did not apply fails here.
RUN npx vitest run --project unit server/router-patch.test.ts server/react-dom-stream-patch.test.ts

ENV NODE_ENV=production \
    PORT=3000
EXPOSE 3000
CMD ["npx", "tsx", "server.ts"]
