/**
 * KMS keys whose key material the test knows (Origin EXTERNAL, ImportKeyMaterial through the AWS
 * SDK), so that a ciphertext can be attributed to one key-material version: the only way to show that
 * a blob written after RotateKeyOnDemand is under the new material, since KMS decrypts with any
 * version and reports none. opensWith() reads LocalStack's ciphertext layout (services/kms/models.py
 * of the pinned 4.13/4.14: key id 36 bytes, IV 16, GCM tag 16, then the ciphertext; no AAD without an
 * encryption context): it is for LocalStack only.
 */
import { constants, createDecipheriv, createPublicKey, publicEncrypt, randomBytes } from 'node:crypto';
import { CreateKeyCommand, GetParametersForImportCommand, ImportKeyMaterialCommand, type KMSClient } from '@aws-sdk/client-kms';

async function importMaterial(kms: KMSClient, keyId: string, material: Buffer): Promise<void> {
  const params = await kms.send(
    new GetParametersForImportCommand({ KeyId: keyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' }),
  );
  const wrappingKey = createPublicKey({ key: Buffer.from(params.PublicKey!), format: 'der', type: 'spki' });
  const encrypted = publicEncrypt({ key: wrappingKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, material);
  await kms.send(
    new ImportKeyMaterialCommand({
      KeyId: keyId,
      ImportToken: params.ImportToken,
      EncryptedKeyMaterial: encrypted,
      ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE',
    }),
  );
}

/** A symmetric key with 32 bytes of material chosen here; returns its ARN and the material. */
export async function keyWithKnownMaterial(kms: KMSClient): Promise<{ arn: string; material: Buffer }> {
  const out = await kms.send(new CreateKeyCommand({ Origin: 'EXTERNAL', Description: 'tsvault test: imported material' }));
  const arn = out.KeyMetadata!.Arn!;
  const material = randomBytes(32);
  await importMaterial(kms, arn, material);
  return { arn, material };
}

/** Imports the next material (pending until RotateKeyOnDemand makes it current); returns it. */
export async function stageNextMaterial(kms: KMSClient, arn: string): Promise<Buffer> {
  const material = randomBytes(32);
  await importMaterial(kms, arn, material);
  return material;
}

/** Whether a LocalStack KMS ciphertext blob (base64) was made with this key material. */
export function opensWith(blobBase64: string, material: Buffer): boolean {
  const blob = Buffer.from(blobBase64, 'base64');
  const iv = blob.subarray(36, 52);
  const tag = blob.subarray(52, 68);
  try {
    const d = createDecipheriv('aes-256-gcm', material, iv);
    d.setAuthTag(tag);
    d.update(blob.subarray(68));
    d.final();
    return true;
  } catch {
    return false;
  }
}
