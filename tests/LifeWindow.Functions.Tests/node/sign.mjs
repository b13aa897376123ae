// Independent signer for the webhook tests: the npm `standardwebhooks` package, not our .NET code.
// Usage: node sign.mjs <whsec_secret> <msg-id> <unix-seconds> <body-file>  → prints {"id","timestamp","signature"}
import { readFileSync } from "node:fs";
import { Webhook } from "standardwebhooks";

const [secret, id, seconds, file] = process.argv.slice(2);
const body = readFileSync(file, "utf8");
const signature = new Webhook(secret).sign(id, new Date(Number(seconds) * 1000), body);
process.stdout.write(JSON.stringify({ id, timestamp: seconds, signature }));
