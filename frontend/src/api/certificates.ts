import { api } from './client'
import type { CertificateVerification } from './types'

/** Anyone checks a certificate by its number and verification code; a wrong pair is a 404. */
export function verifyCertificate(number: string, code: string) {
  return api.get<CertificateVerification>('/api/v1/certificates/verify/', { number, code })
}
