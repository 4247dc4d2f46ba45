export default {
  index: {
    display: 'hidden'
  },
  docs: {
    type: 'page',
    title: 'Documentation'
  }
}
