// Verifies a Standard Webhooks signature with the npm `standardwebhooks` package (an implementation we did
// not write), as a CRM on Node would: node verify.mjs <whsec_secret> <webhook-id> <webhook-timestamp> <webhook-signature> <body-file>
// Exit 0 when it verifies, 1 when it does not (the reason on stderr).
import { readFile } from "node:fs/promises";
import { Webhook } from "standardwebhooks";

const [secret, id, timestamp, signature, bodyFile] = process.argv.slice(2);
const body = await readFile(bodyFile, "utf8");
try {
  new Webhook(secret).verify(body, { "webhook-id": id, "webhook-timestamp": timestamp, "webhook-signature": signature });
  console.log("verified");
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
